from tests.store.builders import db  # noqa: F401 - a fixture shared by the ledger's tests
