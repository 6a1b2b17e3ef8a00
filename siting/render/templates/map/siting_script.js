{#- window.sitingMap: layer registry, language switch, base layers and the GCJ-02 shift.
    A folium macro: `this` is siting.maps.page.SitingScript (control, groups, providers, grid, language). -#}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
    var layers = {
{%- for key, group in this.groups.items() %}
        {{ key | js }}: {{ group.get_name() }},
{%- endfor %} };
    var providers = {{ this.providers | js }}, grid = {{ this.grid | js }};
    function setLang(lang) {
        document.body.classList.remove("siting-lang-zh", "siting-lang-en");
        document.body.classList.add("siting-lang-" + lang);
        document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
        var links = document.querySelectorAll(".siting-lang a");
        for (var i = 0; i < links.length; i++) {
            links[i].classList.toggle("active", links[i].getAttribute("data-lang") === lang);
        }
        state.lang = lang;
    }
    var Switch = L.Control.extend({
        options: {position: "topleft"},
        onAdd: function () {
            var div = L.DomUtil.create("div", "siting-lang leaflet-bar");
            div.innerHTML =
                '<a href="#" role="button" data-lang="zh" lang="zh-CN" title="中文">中文</a>' +
                '<a href="#" role="button" data-lang="en" lang="en" title="English">English</a>';
            L.DomEvent.disableClickPropagation(div);
            var links = div.querySelectorAll("a");
            for (var i = 0; i < links.length; i++) {
                L.DomEvent.on(links[i], "click", function (ev) {
                    L.DomEvent.preventDefault(ev);
                    setLang(this.getAttribute("data-lang"));
                });
            }
            return div;
        }
    });
    new Switch().addTo(map);
    function offset(lat, lng) {
        if (!grid) { return [0, 0]; }
        var nx = grid.dlon[0].length, ny = grid.dlon.length;
        var fx = Math.min(Math.max((lng - grid.lon0) / grid.step, 0), nx - 1.000001);
        var fy = Math.min(Math.max((lat - grid.lat0) / grid.step, 0), ny - 1.000001);
        var j = Math.floor(fx), i = Math.floor(fy), tx = fx - j, ty = fy - i;
        function bl(r) {
            var top = r[i][j] * (1 - tx) + r[i][j + 1] * tx;
            var bottom = r[i + 1][j] * (1 - tx) + r[i + 1][j + 1] * tx;
            return top * (1 - ty) + bottom * ty;
        }
        return [bl(grid.dlat), bl(grid.dlon)];
    }
    function moved(ll, on) {
        if (!on) { return L.latLng(ll.lat, ll.lng); }
        var d = offset(ll.lat, ll.lng);
        return L.latLng(ll.lat + d[0], ll.lng + d[1]);
    }
    function movedAll(a, on) {
        return Array.isArray(a) ? a.map(function (x) { return movedAll(x, on); }) : moved(a, on);
    }
    function shift(layer, on) {
        if (L.HeatLayer && layer instanceof L.HeatLayer) {
            if (!layer._sitingWgs) { layer._sitingWgs = layer._latlngs.slice(); }
            layer.setLatLngs(layer._sitingWgs.map(function (p) {
                var q = moved(L.latLng(p[0], p[1]), on);
                return [q.lat, q.lng, p[2]];
            }));
        } else if (layer.setLatLngs && layer.getLatLngs) {
            if (!layer._sitingWgs) { layer._sitingWgs = layer.getLatLngs(); }
            layer.setLatLngs(movedAll(layer._sitingWgs, on));
        } else if (layer.setLatLng && layer.getLatLng) {
            if (!layer._sitingWgs) { layer._sitingWgs = layer.getLatLng(); }
            layer.setLatLng(moved(layer._sitingWgs, on));
        } else if (layer.eachLayer) {
            layer.eachLayer(function (child) { shift(child, on); });
        }
    }
    var state = {lang: null, gcj02: false};
    function setGcj02(on) {
        if (on === state.gcj02) { return; }
        state.gcj02 = on;
        for (var key in layers) { shift(layers[key], on); }
    }
    var bases = {};
    providers.forEach(function (p, k) {
        var opts = {attribution: p.attribution, maxZoom: p.max_zoom};
        if (p.subdomains) { opts.subdomains = p.subdomains; }
        var tiles = p.urls.map(function (u) { return L.tileLayer(u, opts); });
        var base = tiles.length === 1 ? tiles[0] : L.layerGroup(tiles);
        base.options.sitingGcj02 = p.gcj02;
        control.addBaseLayer(base, p.label);
        bases[p.key] = base;
        if (k === 0) { base.addTo(map); }
    });
    if (providers.length) {
        var none = L.layerGroup();
        none.options.sitingGcj02 = false;
        control.addBaseLayer(none, {{ this.no_background | js }});
        bases.none = none;
        setGcj02(!!providers[0].gcj02);
    }
    map.on("baselayerchange", function (e) { setGcj02(!!e.layer.options.sitingGcj02); });
    setLang({{ this.language | js }});
    window.sitingMap = {map: map, control: control, layers: layers, bases: bases,
        setLang: setLang, setGcj02: setGcj02, offset: offset, state: state};
})();
{% endmacro %}
