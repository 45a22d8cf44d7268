"""Pure rules and types: no I/O, no runtime imports; runs unchanged on Pyodide and CPython."""
