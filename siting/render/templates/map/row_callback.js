{#- The function turning a row [lat, lon, style, radius, field0, field1, ...] into a marker.
    Popup and tooltip templates use {k} for field k (already escaped text) and {@k} for texts[field k]. -#}
(function () {
    var S = {{ styles | js }}, T = {{ texts | js }}, P = {{ popup | js }}, Q = {{ tooltip | js }};
    function fill(t, r) {
        return t.replace(/\{(@?)(\d+)\}/g, function (m, a, k) {
            var v = r[4 + Number(k)];
            return a ? T[v] : v;
        });
    }
    return function (r) {
        var mk, st = S[r[2]];
        if ({{ div_icons | js }} || st.square) {
            var d = 2 * r[3];
            mk = L.marker([r[0], r[1]], {icon: L.divIcon({className: "siting-dot-icon",
                html: '<div class="siting-dot' + (st.square ? ' siting-sq' : '') +
                    '" style="background:' + st.fillColor + '"></div>',
                iconSize: [d, d], iconAnchor: [r[3], r[3]]})});
        } else {
            mk = L.circleMarker([r[0], r[1]], Object.assign({radius: r[3]}, S[r[2]]));
        }
        if (P) { mk.bindPopup(fill(P, r), {maxWidth: 380}); }
        if (Q) { mk.bindTooltip(fill(Q, r)); }
        return mk;
    };
})()
