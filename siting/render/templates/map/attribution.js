{#- Adds an attribution (HTML given as a JSON string) to the map's attribution control. -#}
{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text | js }});{% endmacro %}
