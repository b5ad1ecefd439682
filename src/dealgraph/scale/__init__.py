"""Ingesting at crawl scale: inputs cut into partitions, read and extracted on a Dask cluster.

``partitions`` plans and reads the pieces (pure of any cluster), ``dask_ingest``
runs them on workers and reports to the client. Every article still goes
through the one write path, ``dealgraph.ingest``.
"""
