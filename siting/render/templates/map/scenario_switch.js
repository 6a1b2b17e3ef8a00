{#- window.sitingCompare: radio buttons that show one scenario's stations (and piles) at a time.
    A folium macro: `this` is siting.maps.compare.ScenarioSwitch (pairs, names, body). -#}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var groups = [
{%- for st, pl in this.pairs %}
        [{{ st.get_name() }}, {{ pl.get_name() if pl else "null" }}],
{%- endfor %} ];
    var names = {{ this.names | js }};
    var state = {current: -1, piles: true};
    function show(k) {
        for (var i = 0; i < groups.length; i++) {
            var on = i === k;
            if (on) { map.addLayer(groups[i][0]); } else { map.removeLayer(groups[i][0]); }
            if (groups[i][1]) {
                if (on && state.piles) { map.addLayer(groups[i][1]); }
                else { map.removeLayer(groups[i][1]); }
            }
        }
        state.current = k;
        var items = document.querySelectorAll(".siting-scenarios label[data-k]");
        for (var j = 0; j < items.length; j++) {
            var active = Number(items[j].getAttribute("data-k")) === k;
            items[j].classList.toggle("active", active);
            var input = items[j].querySelector("input");
            if (input) { input.checked = active; }
        }
    }
    var Switch = L.Control.extend({
        options: {position: "topright"},
        onAdd: function () {
            var div = L.DomUtil.create("div", "siting-scenarios leaflet-bar");
            div.innerHTML = {{ this.body | js }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            var radios = div.querySelectorAll("input[name=siting-scenario]");
            for (var i = 0; i < radios.length; i++) {
                L.DomEvent.on(radios[i], "change", function () { show(Number(this.value)); });
            }
            var box = div.querySelector("input[name=siting-piles]");
            if (box) {
                L.DomEvent.on(box, "change", function () {
                    state.piles = this.checked;
                    show(state.current);
                });
            }
            return div;
        }
    });
    new Switch().addTo(map);
    show(0);
    window.sitingCompare = {show: show, state: state, groups: groups, names: names};
})();
{% endmacro %}
