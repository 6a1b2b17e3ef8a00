{#- A Leaflet.heat layer in the parent group. -#}
{% macro script(this, kwargs) %}L.heatLayer({{ this.points | js }}, {{ this.options | js }}).addTo({{ this._parent.get_name() }});{% endmacro %}
