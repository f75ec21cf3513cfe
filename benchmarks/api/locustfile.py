"""The load `benchmarks/api/run.py` puts on the API: each simulated client calls the endpoints with
inputs drawn from the loaded graph, back to back (no think time).

Environment: SG_KEY (an API key), SG_INPUTS (a JSON file: {"chains": [...], "districts": [...],
"search_texts": [...]}).
"""

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

INPUTS = json.loads(Path(os.environ["SG_INPUTS"]).read_text(encoding="utf-8"))
HEADERS = {"Authorization": f"Bearer {os.environ['SG_KEY']}"}


class Planner(FastHttpUser):
    wait_time = constant(0)

    @task(4)
    def coverage(self) -> None:
        chain = random.choice(INPUTS["chains"])
        self.client.get(f"/api/v1/chains/{chain}/coverage", headers=HEADERS, name="coverage")

    @task(4)
    def gaps(self) -> None:
        district = random.choice(INPUTS["districts"])
        self.client.get(f"/api/v1/gaps?region={district}&limit=100", headers=HEADERS, name="gaps")

    @task(1)
    def network(self) -> None:
        chain = random.choice(INPUTS["chains"])
        self.client.get(f"/api/v1/network/{chain}?depth=1&limit=200", headers=HEADERS, name="network")

    @task(1)
    def search(self) -> None:
        text = random.choice(INPUTS["search_texts"])
        self.client.get("/api/v1/search", params={"q": text, "limit": 20}, headers=HEADERS, name="search")
