#!/usr/bin/env python3
"""Sums GoogleTest JSON reports of several builds and checks WASM parity.

usage: test_report.py NAME=REPORT_DIR [NAME=REPORT_DIR ...] [--extra NAME:PASSED:FAILED]

Prints one line per suite and build, then the closing line
"tests: N passed, M failed". Exits 1 when anything failed, when a build has
no reports, or when a suite built both natively and as WASM ran a different
number of tests in each.
"""
import json
import pathlib
import sys


def load(report_dir):
    """{suite: (tests, failures, skipped)} from GoogleTest JSON reports."""
    suites = {}
    for path in sorted(pathlib.Path(report_dir).glob("*.json")):
        data = json.loads(path.read_text())
        skipped = sum(
            1
            for group in data.get("testsuites", [])
            for case in group.get("testsuite", [])
            if case.get("result") == "SKIPPED"
        )
        suites[path.stem] = (data["tests"], data["failures"] + data.get("errors", 0), skipped)
    return suites


def main(argv):
    builds, extras = {}, []
    args = iter(argv)
    for arg in args:
        if arg == "--extra":
            name, passed, failed = next(args).split(":")
            extras.append((name, int(passed), int(failed)))
        else:
            name, directory = arg.split("=", 1)
            builds[name] = load(directory)

    passed = failed = skipped_total = 0
    ok = True
    for build, suites in builds.items():
        if not suites:
            print(f"{build}: no test reports found")
            ok = False
        for suite, (tests, failures, skipped) in suites.items():
            print(f"{build:8} {suite:32} {tests - failures - skipped} passed, {failures} failed, {skipped} skipped")
            passed += tests - failures - skipped
            failed += failures
            skipped_total += skipped
    for name, p, f in extras:
        print(f"{'check':8} {name:32} {p} passed, {f} failed")
        passed += p
        failed += f

    if "native" in builds and "wasm" in builds:
        for suite, (wasm_tests, _, _) in builds["wasm"].items():
            native_tests = builds["native"].get(suite, (None,))[0]
            verdict = "same" if native_tests == wasm_tests else "DIFFERENT"
            print(f"parity   {suite:32} native {native_tests}, wasm {wasm_tests}: {verdict}")
            ok &= native_tests == wasm_tests

    print(f"tests: {passed} passed, {failed} failed, {skipped_total} skipped")
    return 0 if ok and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
