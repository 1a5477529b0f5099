"""db/vectors.py on a real SQLite file: embeddings as float32 BLOBs."""

import numpy as np

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts


def test_embeddings_roundtrip_little_endian(database):
    vector = np.array([0.5, -1.25, 3.0], dtype=np.float32)
    with db.connection.write_transaction(database):
        db.vectors.put_embeddings(database, "m", {"h1": vector})
    blob = next(database.query("SELECT vector FROM embeddings"))["vector"]
    assert blob == vector.astype("<f4").tobytes()
    assert np.array_equal(db.vectors.get_embeddings(database, "m", ["h1", "h2"])["h1"], vector)
    assert db.vectors.missing_embeddings(database, "m", ["h1", "h2"]) == {"h2"}
    assert db.vectors.missing_embeddings(database, "other", ["h1"]) == {"h1"}
