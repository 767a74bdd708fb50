#!/usr/bin/env python3
"""Browser tests of the staff playground (SPEC 15), in headless Chromium from Debian driven by Selenium.

Run by Tests/CLITests/PlaygroundBrowserTests.swift under `tools/test`; by hand:

    python3 Tests/Browser/playground.py --serve .build/debug/partner-rules-serve \
        --cli .build/debug/partner-rules --partners partners --screenshots /tmp/playground-shots

It starts `partner-rules-serve --port 0` on a copy of the partners folder, drives the page as a person would
(keyboard and mouse), and compares every answer the page shows with what the command line gives for the same
input. It fails (exit 1) on the first difference, on any console error and on any request that leaves
127.0.0.1. Screenshots at laptop and phone sizes are written to --screenshots.
"""

import argparse
import base64
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

# Under a sanitizer the server is several times slower; tools/test says how much (PartnerRulesTestSupport's Patience).
_scale = os.environ.get("PARTNER_RULES_TIMEOUT_SCALE", "1")
PATIENCE = int(_scale) if _scale.isdigit() and 1 <= int(_scale) <= 100 else 1

# Selenium is given both programs, so its manager has nothing to fetch; SE_OFFLINE makes sure it never tries.
os.environ["SE_OFFLINE"] = "true"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
LAPTOP = (1366, 900)
SHOTS = {"folder": "."}  # set from --screenshots
PHONE = (390, 844)


class Failure(Exception):
    """A difference between what the page shows and what it should show."""


def expect(condition, message):
    if not condition:
        raise Failure(message)


def log(message):
    print(f"playground: {message}", flush=True)


# ---- the server and the command line ------------------------------------------------------------------------


class Server:
    """partner-rules-serve on a free port, stopped when the test ends."""

    def __init__(self, binary, partners):
        self.process = subprocess.Popen(
            [binary, "--partners", partners, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        self.url = None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            if match:
                self.url = match.group(0)
                break
        if not self.url:
            self.stop()
            raise Failure(f"partner-rules-serve did not say where it listens: {self.process.stderr.read()[:2000]}")
        try:
            with urllib.request.urlopen(self.url + "/", timeout=30 * PATIENCE) as answer:
                page = answer.read().decode("utf-8", "replace")
        except OSError as error:
            self.stop()
            raise Failure(f"{binary} does not answer GET / with the playground ({error}); it needs the routes of SPEC 14") from None
        if "PartnerRules playground" not in page:
            self.stop()
            raise Failure(f"{binary} answers GET / with something other than the playground page")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20 * PATIENCE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get_json(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30 * PATIENCE) as answer:
            return json.load(answer)


def run_cli(cli, *arguments, stdin=None, allow=(0,)):
    result = subprocess.run([cli, *arguments], input=stdin, capture_output=True, text=True, timeout=120 * PATIENCE)
    expect(result.returncode in allow,
           f"partner-rules {' '.join(arguments)} exited {result.returncode}: {result.stderr[:2000]}")
    return result.stdout


# ---- the browser ----------------------------------------------------------------------------------------------


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-default-apps",
                     "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en-US",
                     f"--window-size={LAPTOP[0]},{LAPTOP[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60 * PATIENCE)
    return driver


def wait_for(driver, condition, message, timeout=20):
    timeout *= PATIENCE
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        raise Failure(f"{message} (waited {timeout} s)") from None


def text_of(driver, element_id):
    return driver.find_element(By.ID, element_id).text


class Watcher:
    """Collects the page's console messages and every URL it asked for (Chrome's performance log)."""

    def __init__(self, driver, base):
        self.driver = driver
        self.base = base
        self.requests = []
        self.console = []

    def drain(self):
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
        self.console.extend(self.driver.get_log("browser"))

    def check(self, allowed_console=()):
        self.drain()
        outside = [url for url in self.requests if not (url.startswith(self.base + "/") or url == self.base
                                                        or url.startswith("data:"))]
        expect(not outside, f"the page asked for something outside {self.base}: {outside}")
        errors = [entry for entry in self.console if entry["level"] in ("SEVERE", "ERROR")
                  and not any(allowed in entry["message"] for allowed in allowed_console)]
        expect(not errors, f"console errors: {[entry['message'] for entry in errors]}")


# ---- the steps ---------------------------------------------------------------------------------------------


def select_partner(driver, partner_id):
    # Cleared first, so that the waits below see this choice's answers even when the partner is open already.
    driver.execute_script("document.getElementById('file-name').textContent = ''; document.getElementById('lint-status').textContent = ''")
    driver.find_element(By.CSS_SELECTOR, f'#partner-list button[data-partner="{partner_id}"]').click()
    wait_for(driver, lambda d: d.find_element(By.ID, "file-name").text == f"{partner_id}.yaml",
             f"the editor did not open {partner_id}.yaml")
    wait_for(driver, lambda d: "no problems found" in text_of(d, "lint-status")
             or "error" in text_of(d, "lint-status"), "lint did not run on the opened file")


def editor_text(driver):
    return driver.execute_script("return document.getElementById('source').value")


def select_in_editor(driver, start, end):
    """Selects characters start..<end of the editor, as a person would with the mouse, ready to type over."""
    driver.execute_script(
        "const a = document.getElementById('source'); a.focus(); a.setSelectionRange(arguments[0], arguments[1]);",
        start, end)


def findings_on_page(driver):
    return driver.execute_script("""
        return [...document.querySelectorAll('#findings button[data-code]')].map(b => ({
            line: Number(b.dataset.line), column: Number(b.dataset.column), code: b.dataset.code,
            message: b.querySelector('.message').textContent }));""")


def step_typo(driver, cli, partners, partner_id):
    """Introduce a typo in a key, see the finding at its line with its fix; fix it and see it go."""
    select_partner(driver, partner_id)
    original = editor_text(driver)
    expect(original == open(os.path.join(partners, f"{partner_id}.yaml"), encoding="utf-8").read(),
           "the editor does not hold the partner file as it is on disk")
    lines = original.split("\n")
    line_index = next(i for i, line in enumerate(lines) if line.startswith("credentials:"))
    start = sum(len(line) + 1 for line in lines[:line_index])
    select_in_editor(driver, start, start + len("credentials"))
    driver.switch_to.active_element.send_keys("credentails")
    typo_text = editor_text(driver)

    expected = cli_lint(cli, partners, partner_id, typo_text)
    expected_set = sorted((f["line"], f["column"], f["code"]) for f in expected)
    expect(any(f["code"] == "unknown-key" and f["line"] == line_index + 1 for f in expected),
           f"lint on the command line does not report the typo at line {line_index + 1}: {expected}")

    wait_for(driver, lambda d: any(f["code"] == "unknown-key" for f in findings_on_page(d)),
             "the typo's finding did not appear under the editor")
    shown = findings_on_page(driver)
    expect(sorted((f["line"], f["column"], f["code"]) for f in shown) == expected_set,
           f"the page shows findings {shown}, the command line {expected}")
    finding = next(f for f in shown if f["code"] == "unknown-key")
    expect("credentials" in finding["message"], f"the finding does not say the fix: {finding['message']}")
    screenshot(driver, SHOTS["folder"], "laptop-typo", LAPTOP)
    gutter = driver.find_element(By.CSS_SELECTOR, f'#gutter div[data-line="{line_index + 1}"]')
    expect("error" in gutter.get_attribute("class"), "the gutter does not mark the typo's line")
    marked = driver.find_element(By.CSS_SELECTOR, f'#backdrop .ln[data-line="{line_index + 1}"] .msg')
    expect("credentials" in marked.get_attribute("textContent"), "the message is not shown at the typo's line")
    expect("error" in text_of(driver, "lint-status"), "the live status does not count the error")

    # Enter on the finding puts the caret on its line.
    button = driver.find_element(By.CSS_SELECTOR, '#findings button[data-code="unknown-key"]')
    driver.execute_script("arguments[0].focus()", button)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    caret_line = driver.execute_script("""
        const a = document.getElementById('source');
        return document.activeElement === a ? a.value.slice(0, a.selectionStart).split('\\n').length : -1;""")
    expect(caret_line == line_index + 1, f"Enter on the finding put the caret on line {caret_line}, not {line_index + 1}")

    # Fix it: the finding goes.
    select_in_editor(driver, start, start + len("credentails"))
    driver.switch_to.active_element.send_keys("credentials")
    wait_for(driver, lambda d: not any(f["code"] == "unknown-key" for f in findings_on_page(d)),
             "the finding did not go once the typo was fixed")
    expect(editor_text(driver) == original, "the editor text differs from the file after fixing the typo")
    expect(not driver.find_elements(By.CSS_SELECTOR, "#gutter div.error"), "the gutter still marks a line")
    log(f"typo at {partner_id}.yaml:{line_index + 1} shown as lint shows it, and gone once fixed")


def cli_lint(cli, partners, partner_id, text):
    """What `partner-rules lint --format json` says about `text` as the partner's file, with the same folder as context."""
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, "partners")
        shutil.copytree(partners, copy)
        with open(os.path.join(copy, f"{partner_id}.yaml"), "w", encoding="utf-8") as file:
            file.write(text)
        return json.loads(run_cli(cli, "lint", "--format", "json", os.path.join(copy, f"{partner_id}.yaml"),
                                  allow=(0, 1)))


def apply_edits(text, edits):
    """The text with a fix's edits made (SPEC 18: 1-based, end exclusive, columns in Unicode scalars, which is how
    Python indexes a str), from the last to the first."""
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    offset = lambda line, column: starts[line - 1] + column - 1
    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        text = text[:offset(edit["line"], edit["column"])] + edit["text"] + text[offset(edit["end_line"], edit["end_column"]):]
    return text


def fixes_on_page(driver):
    return driver.execute_script("""
        return [...document.querySelectorAll('#findings li')].filter(li => li.querySelector('.fix-offer')).map(li => ({
            code: li.querySelector('button[data-code]').dataset.code,
            line: Number(li.querySelector('button[data-code]').dataset.line),
            description: li.querySelector('.fix-description').textContent,
            label: li.querySelector('button.apply').getAttribute('aria-label'),
            button: li.querySelector('button.apply').textContent }));""")


def check_apply(driver, cli, partners, partner_id, slip_text, press_enter, expected_text, what):
    """The slip's proven fix, as lint gives it, is shown under its finding; Apply makes it, the finding goes, and the
    text is `expected_text`."""
    expected = [f for f in cli_lint(cli, partners, partner_id, slip_text) if f.get("fix")]
    expect(len(expected) == 1, f"{what}: lint on the command line gives no single proven fix: {expected}")
    finding = expected[0]
    expect(apply_edits(slip_text, finding["fix"]["edits"]) == expected_text,
           f"{what}: lint's fix {finding['fix']} does not repair the text as expected")
    wait_for(driver, lambda d: any(f["code"] == finding["code"] and f["line"] == finding["line"] for f in fixes_on_page(d)),
             f"{what}: no fix appeared under the finding at line {finding['line']}")
    shown = next(f for f in fixes_on_page(driver) if f["line"] == finding["line"])
    description = finding["fix"]["description"]
    expect(shown["description"] == f"Fix: {description}", f"{what}: the page shows the fix {shown['description']!r}, lint {description!r}")
    expect(shown["button"] == "Apply" and description in shown["label"], f"{what}: the Apply button is {shown}")
    button = driver.find_element(By.CSS_SELECTOR, f'#findings button[data-line="{finding["line"]}"][data-code="{finding["code"]}"]'
                                 f' ~ .fix-offer button.apply')
    if press_enter:
        driver.execute_script("arguments[0].focus()", button)
        driver.switch_to.active_element.send_keys(Keys.ENTER)
    else:
        button.click()
    wait_for(driver, lambda d: editor_text(d) == expected_text,
             f"{what}: Apply did not repair the text (the editor holds {editor_text(driver)!r})")
    caret_line = driver.execute_script("""
        const a = document.getElementById('source');
        return document.activeElement === a ? a.value.slice(0, a.selectionStart).split('\\n').length : -1;""")
    edit_line = finding["fix"]["edits"][0]["line"]
    expect(caret_line == edit_line, f"{what}: after Apply the caret is on line {caret_line}, not on the repaired line {edit_line}")
    wait_for(driver, lambda d: not findings_on_page(d) and "no problems found" in text_of(d, "lint-status"),
             f"{what}: the finding did not go after Apply ({findings_on_page(driver)})")
    expect(cli_lint(cli, partners, partner_id, editor_text(driver)) == [], f"{what}: lint still finds something after Apply")
    expect(not driver.find_elements(By.CSS_SELECTOR, "#findings .fix-offer"), f"{what}: an Apply button stays")
    log(f"{what}: the fix {description!r} shown as lint gives it; Apply repaired the text and the finding went")


def step_apply_fix(driver, cli, partners, ids):
    """Type slips that lint has a proven fix for, apply the fix from the page, and see the finding go (SPEC 18)."""
    texts = {i: open(os.path.join(partners, f"{i}.yaml"), encoding="utf-8").read() for i in ids}

    # An item typed under 'any_of: []', with the mouse and the keyboard.
    partner_id = next((i for i in ids if "\n  any_of: []\n" in texts[i]), None)
    expect(partner_id, "no partner file has '  any_of: []' to add a role under")
    select_partner(driver, partner_id)
    original = editor_text(driver)
    end_of_line = original.index("\n  any_of: []\n") + len("\n  any_of: []")
    select_in_editor(driver, end_of_line, end_of_line)
    driver.switch_to.active_element.send_keys(Keys.ENTER, "    - Admin")
    slip = editor_text(driver)
    expect(slip == original.replace("\n  any_of: []\n", "\n  any_of: []\n    - Admin\n", 1), "typing the role did not give the slip")
    wait_for(driver, lambda d: fixes_on_page(d), "no fix appeared under the finding of the item under '[]'")
    screenshot(driver, SHOTS["folder"], "laptop-fix", LAPTOP)
    driver.execute_script("document.getElementById('findings').scrollIntoView({block: 'center'})")
    driver.find_element(By.ID, "findings").screenshot(os.path.join(SHOTS["folder"], "laptop-fix-findings.png"))
    check_apply(driver, cli, partners, partner_id, slip, False,
                original.replace("\n  any_of: []\n", "\n  any_of:\n    - Admin\n", 1), "an item under '[]'")

    # A quote left open after a letter outside the Basic Multilingual Plane: columns count Unicode scalars, which
    # JavaScript strings do not (an emoji is two UTF-16 units), so a wrong conversion puts the quote in the wrong place.
    # ChromeDriver types only BMP characters, so the slip is put in the editor as a paste would.
    partner_id = next((i for i in ids if re.search(r"^aliases: \[[^\]'\"]+\]$", texts[i], re.M)), None)
    expect(partner_id, "no partner file has a one-line list of aliases to slip in")
    select_partner(driver, partner_id)
    original = editor_text(driver)
    line = re.search(r"^aliases: \[([^\]'\"]+)\]$", original, re.M)
    slip_line = f"aliases: ['Tr\u00e4de \U0001F600 mob, {line.group(1)}]"
    slip = original[:line.start()] + slip_line + original[line.end():]
    driver.execute_script("""
        const a = document.getElementById('source'); a.focus(); a.value = arguments[0];
        a.dispatchEvent(new Event('input', {bubbles: true}));""", slip)
    # The quote is closed where its item ends, so the list keeps its items apart.
    repaired = original[:line.start()] + f"aliases: ['Tr\u00e4de \U0001F600 mob', {line.group(1)}]" + original[line.end():]
    check_apply(driver, cli, partners, partner_id, slip, True, repaired, "a quote never closed after an emoji")
    driver.find_element(By.ID, "revert").click()
    wait_for(driver, lambda d: editor_text(d) == original and "no problems found" in text_of(d, "lint-status"),
             "Undo my edits did not put the file back after the fixes")


def fill(driver, element, text):
    element.clear()
    element.send_keys(text)


def form_input(driver, group, key):
    return driver.find_element(By.CSS_SELECTOR, f'#partner-form input[data-group="{group}"][data-key="{key}"]')


def step_form(driver, server, cli, partners):
    """Fill a partner's form, check it, and see the verdict the command line gives, with its reasons."""
    # A credentials partner with a masked field, a fallback field and a field with variants.
    details = {p["id"]: server.get_json(f"/v1/partners/{p['id']}") for p in server.get_json("/v1/partners")}
    chosen = None
    for partner_id, form in sorted(details.items()):
        fields = form["fields"]
        if form["auth"] == "credentials" and any(f["masked"] for f in fields) and any(f["fallback"] for f in fields):
            chosen = partner_id
            break
    expect(chosen, "no partner with a masked field and a fallback field to try the form with")
    form = details[chosen]
    select_partner(driver, chosen)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#partner-form .partner-card[data-partner="{chosen}"]'),
             f"{chosen}'s credential form was not drawn")

    # The form as the definition says: labels, masked inputs, help, fallback.
    for field in form["fields"]:
        element = form_input(driver, "credentials", field["key"])
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{element.get_attribute("id")}"]').text
        expect(label.startswith(field["label"]), f"field {field['key']} is labelled {label!r}, not {field['label']!r}")
        expect((element.get_attribute("type") == "password") == field["masked"],
               f"field {field['key']} is {'not ' if field['masked'] else ''}masked on the page")
        if field["help"]:
            described = element.get_attribute("aria-describedby")
            expect(described and field["help"] in text_of(driver, described), f"field {field['key']} has no help")
        if field["fallback"]:
            form_input(driver, "credentials", field["fallback"]["key"])
    facts = text_of(driver, "partner-facts")
    for role in form["roles"]["any_of"] + form["roles"]["all_of"]:
        expect(role in facts, f"the role {role} is not shown")

    secret = "S3cret-Playground-Value"
    values = {}
    for field in form["fields"]:
        if field["masked"]:
            values[field["key"]] = secret
        elif field["kind"] == "email":
            values[field["key"]] = "ana@acme.example"
        elif field["fallback"]:
            values[field["key"]] = "Acme Games"
        else:
            values[field["key"]] = "acme-value-1"
    missing_key = next(f["key"] for f in form["fields"] if f["required"] and not f["masked"])
    fill(driver, driver.find_element(By.ID, "apps"), "com.acme.game")
    fill(driver, driver.find_element(By.ID, "user"), "ana@acme.example")
    fill(driver, driver.find_element(By.ID, "today"), "01152026")  # typed into the date control as a person would
    today = driver.execute_script("return document.getElementById('today').value")
    expect(today == "2026-01-15", f"the date control holds {today!r}")

    def check_against_cli(request_values, label, held_roles=(), existing=()):
        for field in form["fields"]:
            fill(driver, form_input(driver, "credentials", field["key"]), request_values.get(field["key"], ""))
        for box in driver.find_elements(By.CSS_SELECTOR, '#partner-form input[data-group="roles"]'):
            if box.is_selected() != (box.get_attribute("data-key") in held_roles):
                box.send_keys(Keys.SPACE)
        before = driver.find_element(By.ID, "verdict-body").get_attribute("data-round") or "0"
        driver.find_element(By.ID, "check-button").click()
        wait_for(driver, lambda d: (d.find_element(By.ID, "verdict-body").get_attribute("data-round") or "0") != before,
                 f"no verdict for the {label} request")
        request = {"operation": "create", "partner": chosen, "apps": ["com.acme.game"], "user": "ana@acme.example",
                   "credentials": {k: v for k, v in request_values.items() if v}}
        roles = form["roles"]["all_of"] + form["roles"]["any_of"]
        if roles:
            request["roles"] = list(held_roles)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as existing_file:
            json.dump(list(existing), existing_file)
            existing_file.flush()
            expected = json.loads(run_cli(cli, "check", "--partners", partners, "--today", "2026-01-15",
                                          "--existing", existing_file.name, "-", stdin=json.dumps(request), allow=(0, 1)))
        return expected

    # A request missing a required field: the error names the field's line of the file.
    incomplete = dict(values)
    incomplete[missing_key] = ""
    expected = check_against_cli(incomplete, "incomplete")
    wait_for(driver, lambda d: d.find_element(By.ID, "verdict-valid").get_attribute("data-valid") == str(expected["valid"]).lower(),
             "the verdict's validity differs from the command line's")
    shown_errors = driver.execute_script("""
        return [...document.querySelectorAll('#verdict-body ol.errors > li')].map(li => ({
            code: li.dataset.code,
            because: [...li.querySelectorAll('.because [data-line]')].map(b => Number(b.dataset.line)) }));""")
    expect(sorted(e["code"] for e in shown_errors) == sorted(e["code"] for e in expected["errors"]),
           f"the page shows errors {shown_errors}, the command line {expected['errors']}")
    for error in expected["errors"]:
        lines = sorted(place["line"] for place in error["because"])
        shown = next(e for e in shown_errors if e["code"] == error["code"])
        expect(sorted(shown["because"]) == lines, f"{error['code']}: the page gives lines {shown['because']} as the reason, the command line {lines}")
    expect(any(e["because"] for e in shown_errors), "no error on the page names its reason in the file")
    reason = driver.find_element(By.CSS_SELECTOR, "#verdict-body ol.errors .because button")
    reason.click()
    caret_line = driver.execute_script(
        "const a = document.getElementById('source'); return a.value.slice(0, a.selectionStart).split('\\n').length;")
    expect(caret_line == int(reason.get_attribute("data-line")), "choosing the reason does not move the caret to its line")

    # The complete request: valid, normalized values and candidates as the command line gives them.
    held = form["roles"]["all_of"] + form["roles"]["any_of"][:1]
    expected = check_against_cli(values, "complete", held)
    expect(expected["valid"], f"the complete request is not valid on the command line either: {expected['errors']}")
    wait_for(driver, lambda d: d.find_element(By.ID, "verdict-valid").get_attribute("data-valid") == str(expected["valid"]).lower(),
             "the verdict's validity differs from the command line's")
    wait_for(driver, lambda d: d.find_elements(By.ID, "verdict-credentials"), "no normalized values shown")
    shown_values = driver.execute_script("""
        return Object.fromEntries([...document.querySelectorAll('#verdict-credentials tbody tr')]
            .map(tr => [tr.dataset.key, tr.querySelector('td').textContent]));""")
    expect(shown_values == expected["credentials"], f"normalized values: page {shown_values}, command line {expected['credentials']}")
    if expected["candidates"]:
        shown_candidates = driver.execute_script("""
            return Object.fromEntries([...document.querySelectorAll('#verdict-candidates tbody tr')]
                .map(tr => [tr.dataset.key, tr.querySelector('td').textContent.split(' → ')]));""")
        expect(shown_candidates == expected["candidates"], f"candidates: page {shown_candidates}, command line {expected['candidates']}")
    expect(driver.find_element(By.ID, "verdict-plan").get_attribute("data-plan") == expected["plan"], "the plan differs")

    # An integration of the same app already exists: the page's list of existing integrations gives what --existing gives.
    add = driver.find_element(By.ID, "existing-add")
    driver.execute_script("arguments[0].focus()", add)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    expect(driver.switch_to.active_element.get_attribute("data-name") == "partner", "the new row does not take focus")
    expected = check_against_cli(values, "existing", held, existing=[{"partner": chosen, "apps": ["com.acme.game"]}])
    expect(any(e["code"] == "duplicate_integration" for e in expected["errors"]) or form["per_user"],
           f"the command line does not refuse a second integration of the app: {expected['errors']}")
    shown_codes = driver.execute_script("return [...document.querySelectorAll('#verdict-body li[data-code]')].map(li => li.dataset.code)")
    expect(sorted(shown_codes) == sorted(e["code"] for e in expected["errors"] + expected["warnings"]),
           f"with an existing integration the page shows {shown_codes}, the command line {expected['errors'] + expected['warnings']}")

    # The secret is in its masked input and nowhere else on the page.
    html = driver.execute_script("return document.documentElement.outerHTML")
    body_text = driver.find_element(By.TAG_NAME, "body").text
    expect(secret not in html and secret not in body_text, "the secret appears in the page")
    log(f"{chosen}'s form: verdicts, reasons, normalized values and candidates equal partner-rules check")


def step_oauth(driver, server):
    """An OAuth partner's form shows the sign-in button, which explains rather than signs in."""
    for partner in server.get_json("/v1/partners"):
        form = server.get_json(f"/v1/partners/{partner['id']}")
        if form["auth"] == "oauth":
            select_partner(driver, partner["id"])
            wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#partner-form .partner-card[data-partner="{partner["id"]}"]'),
                     f"{partner['id']}'s form was not drawn")
            button = wait_for(driver, lambda d: d.find_elements(By.ID, "oauth-button"), "no sign-in button for an OAuth partner")[0]
            driver.execute_script("arguments[0].focus()", button)
            driver.switch_to.active_element.send_keys(Keys.SPACE)
            explain = driver.find_element(By.ID, button.get_attribute("aria-controls"))
            expect(explain.is_displayed() and "does not contact" in explain.text, "the sign-in button does not explain itself")
            expect(button.get_attribute("aria-expanded") == "true", "the sign-in button does not say it is expanded")
            log(f"{partner['id']}: the OAuth button explains what it would do")
            return
    raise Failure("no OAuth partner to try the sign-in button with")


def sample_csv(server):
    """Rows for every partner: each ad type it names, an unnamed one, and legacy rows that duplicate."""
    rows = []
    for partner in server.get_json("/v1/partners"):
        form = server.get_json(f"/v1/partners/{partner['id']}")
        source = form["media_sources"][0]
        names = [n["name"] for n in form["ad_types"]["names"]] + ["video"]
        for index, name in enumerate(names):
            rows.append({"app_id": "com.acme.game", "media_source": source, "date": "2026-01-0%d" % (1 + index % 3),
                         "ad_type": name, "spend": str(index)})
        for old in form["supersedes"]:
            rows.append({"app_id": "com.acme.game", "media_source": old["media_source"], "date": "2026-01-01",
                         "ad_type": "video", "spend": "1"})
            rows.append({"app_id": "com.acme.game", "media_source": old["media_source"], "date": "2025-12-31",
                         "ad_type": "video", "spend": "1"})
    rows.append({"app_id": "id1234567890", "media_source": "not_a_partner_int", "date": "2026-01-01",
                 "ad_type": "video", "spend": "2"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["app_id", "media_source", "date", "ad_type", "spend"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def step_csv(driver, server, cli, partners):
    """Drop a CSV on the page and see the chart's and the table's numbers equal classify --summary."""
    text = sample_csv(server)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "rows.csv")
        summary_path = os.path.join(folder, "summary.json")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        run_cli(cli, "classify", "--partners", partners, "--input", path, "--output", os.path.join(folder, "out.csv"),
                "--summary", summary_path)
        expected = json.load(open(summary_path, encoding="utf-8"))
    expect(any(s["duplicates"] for s in expected["media_sources"]), "the sample CSV has no duplicates to show")

    # Pasted text that is not a valid CSV: a friendly message naming the line, no JSON.
    area = driver.find_element(By.ID, "csv")
    fill(driver, area, "app_id,media_source,date\ncom.acme.game,x,2026-01-01\n")
    driver.find_element(By.ID, "classify-button").click()
    wait_for(driver, lambda d: "error" in d.find_element(By.ID, "classify-status").get_attribute("class"),
             "no message for a CSV without the ad_type column")
    message = text_of(driver, "classify-status")
    expect("ad_type" in message and "{" not in message, f"the CSV error is not friendly: {message!r}")

    # Drop the file on the drop zone, as a browser does when a file is dragged onto it.
    driver.execute_script("""
        const zone = document.getElementById('drop-zone');
        const data = new DataTransfer();
        data.items.add(new File([arguments[0]], 'rows.csv', {type: 'text/csv'}));
        for (const type of ['dragenter', 'dragover', 'drop']) {
            zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
        }""", text)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#summary-table tbody tr"), "no summary after dropping the CSV")
    table = driver.execute_script("""
        return [...document.querySelectorAll('#summary-table tbody tr')].map(tr => {
            const get = f => tr.querySelector(`[data-field="${f}"]`);
            return {media_source: tr.dataset.mediaSource, rows: Number(get('rows').textContent),
                creative_rows: Number(get('creative_rows').textContent), ad_rows: Number(get('ad_rows').textContent),
                duplicates: Number(get('duplicates').textContent), coverage: Number(get('coverage').dataset.value)};
        });""")
    chart = driver.execute_script("""
        return [...document.querySelectorAll('#summary-chart g[data-media-source]')].map(g => ({
            media_source: g.dataset.mediaSource, creative_rows: Number(g.dataset.creative), ad_rows: Number(g.dataset.ad),
            duplicates: Number(g.dataset.duplicates),
            widths: [...g.querySelectorAll('rect')].map(r => Number(r.getAttribute('width'))) }));""")
    want = [{k: s[k] for k in ("media_source", "rows", "creative_rows", "ad_rows", "duplicates", "coverage")}
            for s in expected["media_sources"]]
    expect(table == want, f"the summary table differs from classify --summary:\npage {table}\ncli  {want}")
    expect([{k: c[k] for k in ("media_source", "creative_rows", "ad_rows", "duplicates")} for c in chart]
           == [{k: s[k] for k in ("media_source", "creative_rows", "ad_rows", "duplicates")} for s in want],
           "the chart's bars differ from classify --summary")
    most = max(s["rows"] for s in want)
    for bar, source in zip(chart, want):
        scale = bar["widths"][0] / source["creative_rows"] if source["creative_rows"] else None
        if scale:
            expect(abs(bar["widths"][1] - source["ad_rows"] * scale) < 0.01, f"{source['media_source']}: bar lengths not in proportion")
    expect(most > 0, "the sample has no rows")
    log(f"dropped CSV of {sum(s['rows'] for s in want)} rows: chart and table equal classify --summary")



def step_availability(driver, cli):
    """The timeline for a creation time equals partner-rules availability."""
    fill(driver, driver.find_element(By.ID, "created"), "yesterday at noon")
    driver.find_element(By.ID, "availability-button").click()
    wait_for(driver, lambda d: "error" in d.find_element(By.ID, "availability-status").get_attribute("class"),
             "no message for a creation time that is not one")
    message = text_of(driver, "availability-status")
    expect("{" not in message and len(message) > 20, f"the timestamp error is not friendly: {message!r}")
    for created in ("2028-02-28T10:00:00Z", "2026-12-31T23:30:00Z"):
        field = driver.find_element(By.ID, "created")
        fill(driver, field, created)
        field.send_keys(Keys.ENTER)
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline-list li")
                 and created in text_of(d, "availability-status"), f"no timeline for {created}")
        expected = json.loads(run_cli(cli, "availability", "--created", created, "--format", "json"))
        shown = driver.execute_script("""
            return Object.fromEntries([...document.querySelectorAll('#timeline-list li')]
                .map(li => [li.dataset.key, li.querySelector('time').textContent]));""")
        for key, value in shown.items():
            expect(expected.get(key) == value, f"{created}: the timeline shows {key} = {value}, availability says {expected.get(key)}")
        for key in ("backfill_from", "first_data_by", "next_dashboard_refresh", "first_dashboard_with_data"):
            expect(key in shown, f"the timeline leaves out {key}")
        rates = text_of(driver, "timeline-rates")
        expect(str(expected["creative_pulls_per_day"]) in rates and str(expected["performance_refresh_hours"]) in rates,
               f"the pull rates are not shown: {rates!r}")
    log("availability timelines equal partner-rules availability")


def step_keyboard(driver, base):
    """Keyboard only: Tab reaches every main control in order, focus is visible, Enter and Space act."""
    driver.get(base + "/")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#partner-list button"), "the partner list did not load")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '#partner-form input, #oauth-button'), "no form")
    seen = []
    invisible = []
    actions = webdriver.ActionChains(driver)
    for _ in range(160):
        actions.send_keys(Keys.TAB).perform()
        info = driver.execute_script("""
            const e = document.activeElement; const s = getComputedStyle(e);
            return {id: e.id, tag: e.tagName.toLowerCase(), partner: e.dataset ? e.dataset.partner || '' : '',
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};""")
        key = info["id"] or info["partner"] or info["tag"]
        if not info["outline"] and info["tag"] != "body":
            invisible.append(key)
        seen.append(key)
        if info["id"] == "availability-button":
            break
    expect(not invisible, f"focus is not visible on {sorted(set(invisible))}")
    order = ["skip-link", "partner-search", "source", "revert", "apps", "user", "today", "check-button", "csv", "csv-file",
             "classify-button", "created", "availability-button"]
    positions = []
    for control in order:
        expect(control in seen, f"Tab never reaches {control} (reached {seen})")
        positions.append(seen.index(control))
    expect(positions == sorted(positions), f"Tab order is not the page's order: {list(zip(order, positions))}")
    expect(any(s for s in seen if s not in order and not s.startswith("partner-")), "no partner button reached by Tab")

    # Enter on the search picks the first match; Enter on a partner button opens it.
    search = driver.find_element(By.ID, "partner-search")
    driver.execute_script("arguments[0].focus()", search)
    last = driver.execute_script("return [...document.querySelectorAll('#partner-list button')].pop().dataset.partner")
    search.send_keys(last)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_element(By.ID, "file-name").text == f"{last}.yaml", "Enter in the search did not open the match")
    expect(driver.switch_to.active_element.get_attribute("id") == "source", "the editor does not take focus after Enter")
    search.clear()
    search.send_keys(Keys.SHIFT, Keys.TAB)  # a harmless key press; the list shows every partner again
    first = driver.find_element(By.CSS_SELECTOR, "#partner-list button")
    first_id = first.get_attribute("data-partner")
    driver.execute_script("arguments[0].focus()", first)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_element(By.ID, "file-name").text == f"{first_id}.yaml",
             "Enter on a partner button did not open it")
    # Space toggles a checkbox.
    box = driver.find_element(By.ID, "roi360-subscribed")
    before = box.is_selected()
    driver.execute_script("arguments[0].focus()", box)
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    expect(box.is_selected() != before, "Space does not toggle a checkbox")
    log(f"keyboard: Tab reached {len(set(seen))} controls in order, focus always visible")


def step_accessibility(driver):
    """Every control has a name; text meets WCAG AA contrast; live regions exist."""
    unnamed = driver.execute_script("""
        const out = [];
        for (const e of document.querySelectorAll('input, select, textarea, button')) {
            const named = (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                || (e.tagName === 'BUTTON' && e.textContent.trim());
            if (!named) out.push(e.id || e.outerHTML.slice(0, 80));
        }
        return out;""")
    expect(not unnamed, f"controls without a label: {unnamed}")
    low = driver.execute_script("""
        function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
        function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
        function background(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; }
            return {r: 255, g: 255, b: 255, a: 1}; }
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const e = n.parentElement;
            if (!n.textContent.trim() || !e || e.closest('[aria-hidden="true"], svg, .visually-hidden, [hidden]')) continue;
            const s = getComputedStyle(e);
            if (s.visibility === 'hidden' || s.display === 'none' || e.getClientRects().length === 0) continue;
            const fg = rgb(s.color), bg = background(e);
            const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
            const opacity = Number(s.opacity);
            if (ratio < (large ? 3 : 4.5) && opacity > 0.99) out.push(`${e.tagName}.${e.className}: ${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}"`);
        }
        return out;""")
    expect(not low, f"text below WCAG AA contrast: {low[:10]}")
    for region in ("lint-status", "form-status", "verdict", "classify-status", "availability-status"):
        expect(driver.find_element(By.ID, region).get_attribute("aria-live"), f"{region} is not a live region")
    log("every control labelled, contrast at least WCAG AA, live regions present")


def screenshot(driver, folder, name, size):
    driver.set_window_size(*size)
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.3)
    width = driver.execute_script("return document.documentElement.clientWidth")
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    if scroll > width + 1:
        wide = driver.execute_script("""
            const over = (e) => e.getBoundingClientRect().right > arguments[0] + 1;
            const clipped = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
                if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
            return [...document.querySelectorAll('body *')].filter(e => over(e) && !clipped(e)
                && !(e.parentElement && over(e.parentElement)))
                .slice(0, 5).map(e => e.id || `${e.tagName.toLowerCase()}.${e.className}`);""", width)
        raise Failure(f"at {size[0]}x{size[1]} the page is wider than the screen ({scroll} > {width}): {wide}")
    full = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path = os.path.join(folder, f"{name}-full.png")
    with open(path, "wb") as file:
        file.write(base64.b64decode(full["data"]))
    driver.save_screenshot(os.path.join(folder, f"{name}.png"))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", required=True, help="the built partner-rules-serve")
    parser.add_argument("--cli", required=True, help="the built partner-rules")
    parser.add_argument("--partners", required=True, help="the partners folder to serve (read only; lint runs on copies)")
    parser.add_argument("--screenshots", required=True, help="folder for the screenshots")
    arguments = parser.parse_args()
    for program in (CHROMIUM, CHROMEDRIVER):
        expect(os.access(program, os.X_OK), f"{program} is missing: apt-get install chromium chromium-driver")
    os.makedirs(arguments.screenshots, exist_ok=True)
    SHOTS["folder"] = arguments.screenshots
    for old in os.listdir(arguments.screenshots):
        if old.endswith(".png"):
            os.remove(os.path.join(arguments.screenshots, old))

    server = None
    driver = None
    try:
        server = Server(arguments.serve, arguments.partners)
        driver = start_browser()
        watcher = Watcher(driver, server.url)
        driver.get(server.url + "/")
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#partner-list button"), "the partner list did not load")
        expect(driver.title == "PartnerRules playground", f"the page's title is {driver.title!r}")
        log(f"page loaded from {server.url}")

        # Search narrows the list.
        partners = server.get_json("/v1/partners")
        one = partners[-1]
        fill(driver, driver.find_element(By.ID, "partner-search"), one["media_sources"][0])
        shown = [b.get_attribute("data-partner") for b in driver.find_elements(By.CSS_SELECTOR, "#partner-list button")]
        expect(one["id"] in shown and len(shown) < len(partners), f"searching {one['media_sources'][0]} shows {shown}")
        driver.find_element(By.ID, "partner-search").clear()
        driver.execute_script("document.getElementById('partner-search').dispatchEvent(new Event('input'))")

        step_typo(driver, arguments.cli, arguments.partners, partners[0]["id"])
        step_apply_fix(driver, arguments.cli, arguments.partners, [p["id"] for p in partners])
        step_form(driver, server, arguments.cli, arguments.partners)
        step_accessibility(driver)
        screenshot(driver, arguments.screenshots, "laptop-form", LAPTOP)
        step_oauth(driver, server)
        step_csv(driver, server, arguments.cli, arguments.partners)
        step_availability(driver, arguments.cli)
        step_accessibility(driver)
        screenshot(driver, arguments.screenshots, "laptop", LAPTOP)
        screenshot(driver, arguments.screenshots, "phone", PHONE)
        driver.set_window_size(*LAPTOP)
        step_keyboard(driver, server.url)
        # The only console errors allowed are the refusals the steps asked for on purpose (Chrome logs every 4xx).
        watcher.check(allowed_console=("/v1/classify?summary=true - Failed to load resource",
                                       "/v1/availability?created=yesterday"))
        expect(len(watcher.requests) > 5, "the performance log recorded no requests; the network check saw nothing")
        log(f"{len(watcher.requests)} requests, every one to {server.url}; no console errors")
    except Failure as failure:
        if driver:
            try:
                driver.save_screenshot(os.path.join(arguments.screenshots, "failure.png"))
            except Exception:  # the browser may be gone; the failure below is what matters
                pass
        print(f"playground: FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    finally:
        if driver:
            driver.quit()
        if server:
            server.stop()
    log(f"screenshots in {arguments.screenshots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
