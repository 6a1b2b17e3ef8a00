"""Inputs the project authors for Guang'an (installed as the data package ``siting.geodata``).

See ``README.md`` in this folder for every file's source and licence.
"""
