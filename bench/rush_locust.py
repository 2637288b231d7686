"""Locust users of the deadline rush (run by bench/rush.py, which explains the scenario).

Why locust: its users are Python objects with their own cookie jar, so each keeps its
signed-in session and CSRF cookie the way a browser does, and a flow (start, autosave with a
sequence number, overlapping saves, full saves, submit, upload a file with a known checksum)
is ordinary code; wrk's Lua scripts would have to re-implement cookies, CSRF and multipart
bodies. Every client-side fact the check needs (the newest value the server acknowledged per
question, in the client's order; the checksum of each upload) is written to ``RUSH_LOG`` when
the run stops.
"""

import hashlib
import json
import os
import random
import secrets
import time

import gevent
from locust import HttpUser, constant, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["RUSH_PLAN"]).read())
LOG = {"applicants": [], "teams": [], "timings": {"autosave": [], "submit": [], "upload": []},
       "errors": [], "stale_candidates": 0, "late_attempts": 0, "double_clicks": 0}
APPLICANTS = list(PLAN["applicants"])
TEAMS = list(PLAN["teams"])


def _sleep_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        gevent.sleep(delay)


class Signed(HttpUser):
    abstract = True
    wait_time = constant(0)

    def sign_in(self, session: str) -> None:
        # The server's cookies are Secure (production settings) and this client speaks
        # plain HTTP to 127.0.0.1, so it sets its own: the session made for it, and a CSRF
        # cookie of its choosing (Django checks the form's token against the cookie).
        self.token = secrets.token_hex(16)
        self.client.cookies.set(PLAN["cookie"], session)
        self.client.cookies.set("csrftoken", self.token)

    def csrf(self) -> str:
        return self.token

    def post(self, url, name, data=None, files=None, headers=None, ok=(200, 302)):
        """POST without following the redirect (the action is measured, not the page after
        it); any other status is a failure, recorded with the answer's start."""
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf()}
        started = time.perf_counter()
        with self.client.post(url, data=data, files=files, name=name, allow_redirects=False,
                              headers={"X-CSRFToken": self.csrf(), "Referer": PLAN["host"] + url,
                                       **(headers or {})}, catch_response=True) as response:
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code not in ok:
                response.failure(f"{response.status_code}")
                LOG["errors"].append({"name": name, "status": response.status_code,
                                      "body": response.text[:300],
                                      "error": repr(response.error)[:300]})
            else:
                response.success()
        return response, elapsed

    def get(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                LOG["errors"].append({"name": name, "status": response.status_code,
                                      "body": response.text[:300]})
        return response


class Applicant(Signed):
    fixed_count = len(APPLICANTS)

    def on_start(self):
        self.me = APPLICANTS.pop()
        self.sign_in(self.me["session"])
        self.saved = {}  # question id -> (seq, value): newest acknowledged, client order
        self.record = {"id": self.me["id"], "late": self.me["late"], "saved": self.saved}
        LOG["applicants"].append(self.record)
        self.seq = int(time.time() * 1000)
        self.get(PLAN["apply_url"], "apply: start page")
        self.post(PLAN["apply_url"], "apply: start")
        self.step = "1"
        self.get(PLAN["steps"]["1"]["url"], "apply: step page")

    def next_seq(self) -> int:
        self.seq = max(self.seq + 1, int(time.time() * 1000))
        return self.seq

    def values(self, step: str, seq: int) -> dict:
        out = {}
        for q in PLAN["steps"][step]["questions"]:
            if q["kind"] == "single_choice":
                out[q["name"]] = "Idea" if seq % 2 else "Prototype"
            elif q["kind"] == "short_text":
                out[q["name"]] = f"Project {self.me['id']} v{seq}"
            else:
                out[q["name"]] = f"Revision {seq} of applicant {self.me['id']}: a plan."
        return out

    def save(self, step: str, *, autosave: bool, extra=None):
        seq = self.next_seq()
        values = self.values(step, seq)
        data = {**values, "autosave_seq": str(seq), **(extra or {})}
        headers = {}
        if autosave:
            data["autosave"] = "1"
            headers["HX-Request"] = "true"
        response, elapsed = self.post(PLAN["steps"][step]["url"],
                                      "apply: autosave" if autosave else "apply: save step",
                                      data=data, headers=headers,
                                      ok=(200,) if autosave else (302,))
        if autosave:
            LOG["timings"]["autosave"].append(elapsed)
        if response.status_code == (200 if autosave else 302):
            for q in PLAN["steps"][step]["questions"]:
                known = self.saved.get(str(q["id"]))
                if known is None or known[0] < seq:
                    self.saved[str(q["id"])] = (seq, values[q["name"]])

    def submit(self, name):
        sent = time.time()
        response, elapsed = self.post(PLAN["review_url"], name, data={"submit": "1"},
                                      ok=(302,))
        LOG["timings"]["submit"].append(elapsed)
        # The dashboard means submitted (or already submitted); the review page, refused.
        if response.status_code == 302 and "dashboard" in response.headers.get("Location", ""):
            self.record["accepted"] = True
        else:
            self.record["refused"] = {"sent": round(sent - PLAN["deadline"], 2),
                                      "status": response.status_code,
                                      "location": response.headers.get("Location", "")}
        return response

    @task
    def rush(self):
        gevent.sleep(random.uniform(0, PLAN["interval"]))
        halfway = (PLAN["start"] + PLAN["autosave_until"]) / 2
        while time.time() + PLAN["interval"] < PLAN["autosave_until"]:
            # Step 1 first, then step 2 (and one in ten saves goes back to the other step).
            step = "1" if time.time() < halfway else "2"
            if random.random() < 0.1:
                step = "2" if step == "1" else "1"
            if step != self.step:  # moving to the other step loads its page
                self.get(PLAN["steps"][step]["url"], "apply: step page")
                self.step = step
            if random.random() < 0.2:
                LOG["stale_candidates"] += 1
                gevent.joinall([gevent.spawn(self.save, step, autosave=True),
                                gevent.spawn(self.save, step, autosave=True)])
            else:
                self.save(step, autosave=True)
            gevent.sleep(PLAN["interval"] * random.uniform(0.8, 1.2))
        window = PLAN["deadline"] - PLAN["autosave_until"]
        _sleep_until(PLAN["autosave_until"] + random.uniform(0, max(0.0, window - 4)))
        self.save("1", autosave=False, extra={"next": "1"})
        self.save("2", autosave=False, extra={"next": "1"})
        if self.me["late"]:
            for attempt in range(3):
                _sleep_until(PLAN["deadline"] + 1 + attempt)
                LOG["late_attempts"] += 1
                self.submit("apply: submit after the deadline")
        elif random.random() < 0.1:
            LOG["double_clicks"] += 1
            gevent.joinall([gevent.spawn(self.submit, "apply: submit"),
                            gevent.spawn(self.submit, "apply: submit")])
        else:
            self.submit("apply: submit")
        raise StopUser


class Captain(Signed):
    fixed_count = len(TEAMS)

    def on_start(self):
        self.team = TEAMS.pop()
        self.sign_in(self.team["session"])
        self.record = {"id": self.team["id"]}
        LOG["teams"].append(self.record)
        self.get(self.team["page"], "team: submission page")

    @task
    def rush(self):
        # Spread over the autosave period: uploads meet the applicants' saves.
        _sleep_until(PLAN["start"] + random.uniform(
            0, max(1.0, (PLAN["autosave_until"] - PLAN["start"]) * 0.9)))
        self.post(self.team["save"], "team: save text",
                  data={"title": f"Entry {self.team['id']}", "summary": "What we built.",
                        "description": "How it works and why it matters."}, ok=(302,))
        body = b"%PDF-1.4\n" + os.urandom(PLAN["file_bytes"] - 9)
        self.record["sha256"] = hashlib.sha256(body).hexdigest()
        _, elapsed = self.post(self.team["upload"], "team: upload 2 MB",
                               files={"file": ("deck.pdf", body, "application/pdf")}, ok=(302,))
        LOG["timings"]["upload"].append(elapsed)
        self.get(self.team["page"], "team: submission page")
        self.post(self.team["submit"], "team: submit", ok=(302,))
        raise StopUser


@events.test_stopping.add_listener
def _write_log(**_kwargs):
    with open(os.environ["RUSH_LOG"], "w") as fh:
        json.dump(LOG, fh)


@events.quitting.add_listener
def _write_log_again(**_kwargs):  # after the stop-timeout too: users stopped late wrote more
    _write_log()
