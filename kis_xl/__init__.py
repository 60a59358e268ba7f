"""kis-xl: the Korea Investment & Securities Open API in Excel, with a built-in KIS simulator."""

__version__ = "0.1.0"
