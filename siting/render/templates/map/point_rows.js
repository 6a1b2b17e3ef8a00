{#- Adds one marker per data row to the parent layer (`this.callback`: the row -> marker function). -#}
{% macro script(this, kwargs) %}
(function () {
    var callback = {{ this.callback }};
    var rows = {{ this.rows_js }};
    for (var i = 0; i < rows.length; i++) {
        callback(rows[i]).addTo({{ this._parent.get_name() }});
    }
})();
{% endmacro %}
