#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Fuzz/corpus/<target>/ (not committed).

Definitions, inputs and expressions come from ../shared/conformance (the recorded conformance
corpus); mock configurations and services files from Templates/ and Docs/Examples/. When the
conformance folder is absent, only the repository's own files seed the corpora.
"""
import hashlib, json, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
conformance = os.path.join(os.path.dirname(root), "shared", "conformance")
corpus = os.path.join(here, "corpus")
limit = int(os.environ.get("SEEDS_PER_TARGET", "400"))
counts = {}

def put(target, data, always=False):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if counts.get(target, 0) >= limit and not always:
        return
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
    counts[target] = counts.get(target, 0) + 1

def cases(name):
    path = os.path.join(conformance, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]

intrinsic = re.compile(r"States\.[A-Za-z0-9]+\(.*\)")
def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)

if not os.path.isdir(conformance):
    print(f"note: {conformance} is absent; seeding from the repository only", file=sys.stderr)

for case in cases("localstack/cases.jsonl") + cases("localstack/choice_io_cases.jsonl") + cases("validators/cases.jsonl"):
    definition = case.get("definition")
    if definition is None:
        continue
    text = definition if isinstance(definition, str) else json.dumps(definition)
    put("FuzzValidate", text)
    put("FuzzRun", text)
    put("FuzzJSONParser", text)
    if "input" in case:
        put("FuzzJSONParser", json.dumps(case["input"]))
    for s in strings(definition):
        if intrinsic.fullmatch(s.strip()):
            put("FuzzIntrinsics", s.strip() + "\n" + json.dumps(case.get("input", {})))

for case in cases("jsonata/cases.jsonl"):
    if isinstance(case.get("expr"), str):
        put("FuzzJSONata", case["expr"])

for dirpath, _, files in os.walk(root):
    if "/.build" in dirpath or "/Fuzz" in dirpath or "/.git" in dirpath:
        continue
    for name in files:
        path = os.path.join(dirpath, name)
        if name == "mock-config.json" or "MockConfig" in name and name.endswith(".json"):
            put("FuzzMockConfig", open(path, "rb").read())
        elif name.startswith("services") and name.endswith(".json"):
            put("FuzzServicesFile", open(path, "rb").read())
        elif name.endswith(".asl.json"):
            put("FuzzValidate", open(path, "rb").read())
            put("FuzzRun", open(path, "rb").read())

# Small hand-made seeds so that every corpus has a start even without the conformance folder.
put("FuzzIntrinsics", "States.Format('{} and {}', $.a, $.s)\n{\"a\": 1, \"s\": \"x\"}")
put("FuzzIntrinsics", "States.Base64Decode($.s)\n{\"s\": \"YWJj\"}")
put("FuzzIntrinsics", "States.ArrayRange(1, 9, 2)\n{}")
put("FuzzMockConfig", '{"StateMachines":{"M":{"TestCases":{"T":{"A":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1},"1-2":{"Throw":{"Error":"E","Cause":"c"}}}}}')
put("FuzzJSONata", "$states.input.a + 1")
put("FuzzRun", '{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2024-01-01T00:00:00.1234567890Z","End":true}}}')

# Every input that was once a finding stays in its target's corpus, so each run replays it first.
regressions = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Regressions")
for target in sorted(os.listdir(regressions)) if os.path.isdir(regressions) else []:
    for name in sorted(os.listdir(os.path.join(regressions, target))):
        put(target, open(os.path.join(regressions, target, name), "rb").read(), always=True)

for target in sorted(counts):
    print(f"{target}: {counts[target]} seeds")
