"""The ``kis-xl`` command line: one module per area, wired together in ``main``."""
