"""A local KIS Open API simulator: the same paths, tr_ids, headers, envelopes and rules as KIS.

``SimServer`` runs both domains on loopback; ``embedded()`` gives the process-wide instance the
``sim`` profile uses. See docs/SIMULATOR.md.
"""
