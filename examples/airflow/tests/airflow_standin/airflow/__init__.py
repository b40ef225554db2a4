"""A stand-in for the few Airflow APIs the example DAGs use, so that the tests can run the DAGs' own
task code against a real service. Airflow itself cannot be installed where CI runs (no PyPI).

It runs a DAG eagerly when the DAG function is called: each task runs when the DAG body calls it, in
the order the body calls them (the example DAGs call every task after the tasks it depends on). A
task gets the context values it names (``ds``, ``run_id``) from ``CONTEXT``; ``@task.bash`` runs the
returned command in bash and returns its output, as Airflow pushes it to XCom. ``Variable.get`` reads
``VARIABLES``, and ``HttpHook`` the base URL in ``CONNECTIONS``. Tests set all three.
"""

CONTEXT: dict = {}
VARIABLES: dict = {}
CONNECTIONS: dict = {}
