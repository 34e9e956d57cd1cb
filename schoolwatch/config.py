"""Load and validate the schoolwatch TOML configuration.

One file describes every school, source and mailbox. It is found from
``--config``, else ``$SCHOOLWATCH_CONFIG``, else ``./config.toml``. Secrets
are never required in the file: they come from environment variables.

Validation collects *every* problem before failing and names the file, the
line, the key and what is wrong, so an office IT person can fix the file
without reading Python.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schoolwatch.errors import ConfigError
from schoolwatch.proportionality import feed_url_problem, subreddit_problem

ENV_CONFIG = "SCHOOLWATCH_CONFIG"
DEFAULT_CONFIG_NAME = "config.toml"

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FEED_KINDS = ("rss", "atom", "wordpress", "disqus", "google_alerts", "google_news")
STAFF_ROLES_HINT = "for example 'Headteacher' or 'Year 4 teacher'"


@dataclass(frozen=True)
class StaffMember:
    """A member of staff on the school's roster (used to spot staff being named)."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Contacts:
    """Where the school's emails go."""

    headteacher: str = ""
    dsl: str = ""
    office: str = ""


@dataclass(frozen=True)
class RetentionSettings:
    """How long each kind of record is kept, in days (see docs/data-protection.md)."""

    dismissed_days: int = 30
    unmatched_days: int = 7
    closed_case_days: int = 365
    raw_matched_days: int = 365


RETENTION_DAY_KEYS = ("dismissed_days", "unmatched_days", "closed_case_days", "raw_matched_days")


@dataclass(frozen=True)
class GlobalRetentionSettings(RetentionSettings):
    """The ``[retention]`` table: defaults for every school plus install-wide periods.

    ``seen_days``: how long the hash-only record of a discarded post is kept so
    sources offering it again are recognised. ``outbox_days``: how long sent or
    failed emails are kept.
    """

    seen_days: int = 400
    outbox_days: int = 90


@dataclass(frozen=True)
class DigestSettings:
    """Per-school digest preferences."""

    send_when_quiet: bool = True
    head_sees_safeguarding: bool = False


@dataclass(frozen=True)
class School:
    """One school being watched."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    contacts: Contacts = field(default_factory=Contacts)
    policy: str = "default"
    trust: str | None = None
    signatory: str = ""
    complaints_url: str = ""
    actions: Mapping[str, str] = field(default_factory=dict)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    # Pupil roster, used only to compute keyed hashes (schoolwatch.privacy.pupils);
    # kept out of repr so the names never reach a log line.
    pupils: tuple[str, ...] = field(default=(), repr=False)

    @property
    def all_names(self) -> tuple[str, ...]:
        """The school's full name followed by its aliases, without repeats."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return tuple(seen)


@dataclass(frozen=True)
class Trust:
    """A multi-academy trust or federation that oversees several schools."""

    id: str
    name: str
    schools: tuple[str, ...]
    contacts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RedditSettings:
    """Reddit source settings; credentials come from the environment."""

    user_agent: str
    subreddits: tuple[str, ...] = ()
    oauth_url: str = "https://oauth.reddit.com"
    reddit_url: str = "https://www.reddit.com"
    search: bool = True
    max_items_per_listing: int = 500
    client_id: str | None = None
    client_secret: str | None = None


@dataclass(frozen=True)
class FeedSettings:
    """One RSS/Atom feed to poll."""

    url: str
    name: str = ""
    kind: str = "rss"
    follow_comments_days: int = 0


@dataclass(frozen=True)
class GoogleNewsSettings:
    """Generate a Google News RSS search per school alias."""

    enabled: bool = False
    base_url: str = "https://news.google.com/rss/search"


@dataclass(frozen=True)
class SmtpSettings:
    """Outgoing mail server; username/password from the environment."""

    host: str
    port: int = 587
    starttls: bool = True
    ssl: bool = False
    sender: str = ""
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class ScheduleSettings:
    """When the nightly run happens."""

    cron: str = "30 2 * * *"
    timezone: str = "Europe/London"


@dataclass(frozen=True)
class ClassifierSettings:
    """Which model scores posts, and optional per-label threshold overrides."""

    model: str = "default"
    thresholds: Mapping[str, float] = field(default_factory=dict)
    batch_size: int = 64


@dataclass(frozen=True)
class AlertSettings:
    """Limits on urgent alerts."""

    max_per_hour: int = 10


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path
    warehouse_path: Path
    schools: tuple[School, ...]
    trusts: tuple[Trust, ...] = ()
    reddit: RedditSettings | None = None
    feeds: tuple[FeedSettings, ...] = ()
    google_news: GoogleNewsSettings = field(default_factory=GoogleNewsSettings)
    smtp: SmtpSettings | None = None
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    classifier: ClassifierSettings = field(default_factory=ClassifierSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    dashboard_base_url: str = "http://127.0.0.1:8080"
    retention: GlobalRetentionSettings = field(default_factory=GlobalRetentionSettings)

    def school(self, school_id: str) -> School:
        """The school with this id; raises ``KeyError`` when unknown."""
        for school in self.schools:
            if school.id == school_id:
                return school
        raise KeyError(school_id)

    def trust_for(self, school_id: str) -> Trust | None:
        """The trust a school belongs to, if any."""
        for trust in self.trusts:
            if school_id in trust.schools:
                return trust
        return None


# --------------------------------------------------------------------------
# Loading


def resolve_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the config file is: ``--config``, then ``$SCHOOLWATCH_CONFIG``, then ./config.toml."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_CONFIG)
    if from_env:
        return Path(from_env)
    return Path(DEFAULT_CONFIG_NAME)


def missing_config_message(config_path: Path, explicit: str | os.PathLike[str] | None,
                           environ: Mapping[str, str]) -> str:
    """Why no configuration was found, depending on where its path came from."""
    if explicit:
        return (f"No configuration file at {config_path} (the path given with --config). "
                "Check the spelling and the folder.")
    if environ.get(ENV_CONFIG):
        return (f"No configuration file at {config_path}, the path in the {ENV_CONFIG} "
                "setting of this computer. Correct that setting, or pass --config PATH.")
    example = Path(__file__).resolve().parent.parent / "config.example.toml"
    start = (f"copy {example} to {config_path} and edit it" if example.exists()
             else "write one (README.md, \"Configure your schools\", shows how)")
    return (f"No configuration file: schoolwatch looks for {config_path} in this folder "
            f"unless told otherwise. To start, {start}; or pass --config PATH.")


def load_config(
    path: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read, validate and return the configuration.

    Raises :class:`ConfigError` listing every problem found, each with the
    file name, the line (when it can be found) and the key.
    """
    config_path = resolve_config_path(path)
    env = os.environ if environ is None else environ
    if not config_path.exists():
        raise ConfigError(missing_config_message(config_path, path, os.environ))
    try:
        text = config_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{config_path}: the file is not UTF-8 text (byte {exc.start}). "
            "Save it as UTF-8 in your editor."
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot be read ({exc.strerror}).") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{config_path}: this is not valid TOML: {exc}. Check quotes, commas "
            "and [brackets] around that line."
        ) from exc
    _warn_if_world_readable(config_path)
    validator = _Validator(config_path, text)
    config = validator.build(data, env)
    validator.raise_if_errors()
    assert config is not None
    return config


def _warn_if_world_readable(path: Path) -> None:
    """The config names staff; other users of the machine should not read it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & stat.S_IROTH:
        warnings.warn(
            f"{path} can be read by every user on this computer. It names staff: "
            f"restrict it with `chmod 640 {path}`.",
            stacklevel=3,
        )


class _Validator:
    """Builds the typed config while collecting readable errors."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.errors: list[str] = []

    # -- error reporting -------------------------------------------------
    def error(self, where: str, message: str, key: str | None = None, table: str | None = None,
              index: int | None = None) -> None:
        line = self._find_line(key, table, index)
        location = f"{self.path}, line {line}" if line else str(self.path)
        self.errors.append(f"{location}, {where}: {message}")

    def _find_line(self, key: str | None, table: str | None, index: int | None) -> int | None:
        """Best-effort line number for ``key`` inside the ``index``-th ``[table]``/``[[table]]``."""
        start, end = 0, len(self.lines)
        if table:
            headers = [
                i for i, line in enumerate(self.lines)
                if re.match(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$", line)
            ]
            if not headers:
                return None
            position = headers[index or 0] if (index or 0) < len(headers) else headers[-1]
            start = position
            following = [
                i for i, line in enumerate(self.lines)
                if i > position and re.match(r"^\s*\[", line)
            ]
            end = following[0] if following else len(self.lines)
            if key is None:
                return position + 1
        if key is None:
            return None
        for i in range(start, end):
            if re.match(rf"^\s*{re.escape(key)}\s*=", self.lines[i]):
                return i + 1
        return start + 1 if table else None

    def raise_if_errors(self) -> None:
        if self.errors:
            count = len(self.errors)
            heading = f"The configuration has {count} problem{'s' if count > 1 else ''}:"
            raise ConfigError("\n".join([heading, *(f"  - {e}" for e in self.errors)]))

    # -- typed getters ---------------------------------------------------
    def _get(self, section: Mapping[str, Any], key: str, kind: type | tuple[type, ...],
             where: str, default: Any = None, required: bool = False,
             table: str | None = None, index: int | None = None) -> Any:
        if key not in section:
            if required:
                self.error(where, f"'{key}' is missing and is required.", None, table, index)
            return default
        value = section[key]
        ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            self.error(where, f"'{key}' should be {_describe(kind)}, not {_describe_value(value)}.",
                       key, table, index)
            return default
        if kind is str and required and not value.strip():
            self.error(where, f"'{key}' must not be empty.", key, table, index)
        return value

    def _policy(self, entry: Mapping[str, Any], where: str, index: int) -> str:
        """The school's policy id; a name schoolwatch does not know is a mistake, not a
        silent fall-back to the general guidance."""
        from classifiers.policy.profile import available_profiles  # the shipped profiles

        policy = self._get(entry, "policy", str, where, "default", table="school", index=index)
        known = available_profiles()
        if policy not in known:
            # A school's short name ("bratton") for its policy id ("bratton-primary") too.
            hint = _closest(policy, set(known)) or next(
                (k for k in known if policy.strip() and k.startswith(policy.strip().lower())),
                None)
            suggestion = f" Did you mean '{hint}'?" if hint else ""
            self.error(where, f"policy '{policy}' is not one schoolwatch knows.{suggestion} "
                       f"Known policies: {', '.join(known)}. Leave 'policy' out to use "
                       "'default' (general guidance for UK schools).", "policy", "school",
                       index)
            return "default"
        return policy

    def _str_list(self, section: Mapping[str, Any], key: str, where: str,
                  table: str | None = None, index: int | None = None) -> tuple[str, ...]:
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, f"'{key}' should be a list of text in quotes, like "
                       f'["one", "two"].', key, table, index)
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def _unknown_keys(self, section: Mapping[str, Any], allowed: set[str], where: str,
                      table: str | None = None, index: int | None = None) -> None:
        for key in section:
            if key not in allowed:
                hint = _closest(key, allowed)
                suggestion = f" Did you mean '{hint}'?" if hint else ""
                self.error(where, f"unknown setting '{key}'.{suggestion}", key, table, index)

    # -- sections --------------------------------------------------------
    def build(self, data: Mapping[str, Any], env: Mapping[str, str]) -> Config | None:
        self._unknown_keys(data, {"warehouse", "school", "trust", "reddit", "feed",
                                  "google_news", "smtp", "schedule", "classifier",
                                  "alerts", "dashboard", "retention"}, "top level")
        warehouse = data.get("warehouse", {})
        warehouse_path = Path("data/schoolwatch.duckdb")
        if not isinstance(warehouse, dict):
            self.error("[warehouse]", "should be a table with a 'path'.", "warehouse")
        else:
            raw = self._get(warehouse, "path", str, "[warehouse]", "data/schoolwatch.duckdb",
                            table="warehouse")
            warehouse_path = Path(raw)
            if not warehouse_path.is_absolute():
                warehouse_path = (self.path.parent / warehouse_path).resolve()

        retention = self._global_retention(data.get("retention", {}))
        schools = self._schools(data.get("school", []), retention)
        trusts = self._trusts(data.get("trust", []), {s.id for s in schools})
        reddit = self._reddit(data.get("reddit"), env)
        feeds = self._feeds(data.get("feed", []))
        google_news = self._google_news(data.get("google_news", {}))
        smtp = self._smtp(data.get("smtp"), env)
        schedule = self._schedule(data.get("schedule", {}))
        classifier = self._classifier(data.get("classifier", {}))
        alerts_raw = data.get("alerts", {})
        alerts = AlertSettings(
            max_per_hour=self._get(alerts_raw, "max_per_hour", int, "[alerts]", 10, table="alerts")
        ) if isinstance(alerts_raw, dict) else AlertSettings()
        dashboard = data.get("dashboard", {})
        base_url = "http://127.0.0.1:8080"
        if isinstance(dashboard, dict):
            self._unknown_keys(dashboard, {"base_url"}, "[dashboard]", "dashboard")
            base_url = self._get(dashboard, "base_url", str, "[dashboard]", base_url,
                                 table="dashboard").rstrip("/")
        if self.errors:
            return None
        return Config(
            path=self.path, warehouse_path=warehouse_path, schools=schools, trusts=trusts,
            reddit=reddit, feeds=feeds, google_news=google_news, smtp=smtp,
            schedule=schedule, classifier=classifier, alerts=alerts,
            dashboard_base_url=base_url, retention=retention,
        )

    def _schools(self, raw: Any, retention_defaults: RetentionSettings) -> tuple[School, ...]:
        if not isinstance(raw, list) or not raw:
            self.error("[[school]]", "add at least one [[school]] section (see "
                       "config.example.toml).", None)
            return ()
        allowed = {"id", "name", "aliases", "context", "exclude", "staff", "contacts",
                   "policy", "trust", "signatory", "complaints_url", "actions",
                   "retention", "digest", "pupils", "accounts"}
        schools: list[School] = []
        seen: set[str] = set()
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict):
                self.error(f"[[school]] #{i + 1}", "should be a table.", None, "school", i)
                continue
            sid = entry.get("id", f"#{i + 1}")
            where = f"[[school]] '{sid}'"
            self._unknown_keys(entry, allowed, where, "school", i)
            if "accounts" in entry:
                self.error(where, "'accounts' is not allowed: schoolwatch watches mentions of "
                           "schools, never individual people's accounts (see "
                           "docs/data-protection.md).", "accounts", "school", i)
            school_id = self._get(entry, "id", str, where, "", True, "school", i)
            if school_id and not _ID_PATTERN.match(school_id):
                self.error(where, "'id' should be short lowercase letters, digits and dashes, "
                           "like 'beech-hill'.", "id", "school", i)
            if school_id in seen:
                self.error(where, f"the id '{school_id}' is used by two schools.", "id",
                           "school", i)
            seen.add(school_id)
            name = self._get(entry, "name", str, where, "", True, "school", i)
            staff = self._staff(entry.get("staff", []), where, i)
            contacts = self._contacts(entry.get("contacts", {}), where, i)
            actions = entry.get("actions", {})
            if not isinstance(actions, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in actions.items()
            ):
                self.error(where, "'actions' should map a label to an action, like "
                           '{ abusive = "report_platform" }.', "actions", "school", i)
                actions = {}
            retention = self._retention(entry.get("retention", {}), where, i,
                                        retention_defaults)
            digest_raw = entry.get("digest", {})
            digest = DigestSettings(
                send_when_quiet=self._get(digest_raw, "send_when_quiet", bool, where, True,
                                          table="school", index=i),
                head_sees_safeguarding=self._get(digest_raw, "head_sees_safeguarding", bool,
                                                 where, False, table="school", index=i),
            ) if isinstance(digest_raw, dict) else DigestSettings()
            schools.append(School(
                id=school_id, name=name,
                aliases=self._str_list(entry, "aliases", where, "school", i),
                context=self._str_list(entry, "context", where, "school", i),
                exclude=self._str_list(entry, "exclude", where, "school", i),
                staff=staff, contacts=contacts,
                policy=self._policy(entry, where, i),
                trust=self._get(entry, "trust", str, where, None, table="school", index=i),
                signatory=self._get(entry, "signatory", str, where, "", table="school", index=i),
                complaints_url=self._get(entry, "complaints_url", str, where, "",
                                         table="school", index=i),
                actions=dict(actions), retention=retention, digest=digest,
                pupils=self._str_list(entry, "pupils", where, "school", i),
            ))
        return tuple(schools)

    def _staff(self, raw: Any, where: str, index: int) -> tuple[StaffMember, ...]:
        if not isinstance(raw, list):
            self.error(where, "'staff' should be a list like "
                       '[{ name = "Jane Example", role = "Headteacher" }].', "staff", "school",
                       index)
            return ()
        staff: list[StaffMember] = []
        for member in raw:
            if not isinstance(member, dict) or not isinstance(member.get("name"), str) \
                    or not member["name"].strip():
                self.error(where, "each staff entry needs a 'name' in quotes and optionally a "
                           f"'role' ({STAFF_ROLES_HINT}).", "staff", "school", index)
                continue
            role = member.get("role", "")
            staff.append(StaffMember(name=member["name"].strip(),
                                     role=role if isinstance(role, str) else ""))
        return tuple(staff)

    def _contacts(self, raw: Any, where: str, index: int) -> Contacts:
        if not isinstance(raw, dict):
            self.error(where, "'contacts' should look like { headteacher = \"...\", dsl = "
                       "\"...\", office = \"...\" }.", "contacts", "school", index)
            return Contacts()
        values: dict[str, str] = {}
        for role in ("headteacher", "dsl", "office"):
            value = raw.get(role, "")
            if value and (not isinstance(value, str) or not _EMAIL_PATTERN.match(value)):
                self.error(where, f"contacts.{role} is not an email address: {value!r}.",
                           "contacts", "school", index)
                value = ""
            values[role] = value
        for extra in raw:
            if extra not in values:
                self.error(where, f"contacts has an unknown role '{extra}' (use headteacher, "
                           "dsl or office).", "contacts", "school", index)
        return Contacts(**values)

    def _retention(self, raw: Any, where: str, index: int,
                   defaults: RetentionSettings | None = None) -> RetentionSettings:
        defaults = defaults or RetentionSettings()
        if not isinstance(raw, dict):
            self.error(where, "'retention' should be a table of day counts.", "retention",
                       "school", index)
            return RetentionSettings(**{k: getattr(defaults, k) for k in RETENTION_DAY_KEYS})
        values = {}
        for name in RETENTION_DAY_KEYS:
            value = self._get(raw, name, int, where, getattr(defaults, name), table="school",
                              index=index)
            if value < 0:
                self.error(where, f"retention.{name} cannot be negative.", "retention", "school",
                           index)
                value = getattr(defaults, name)
            values[name] = value
        self._unknown_keys(raw, set(values), where + " retention", "school", index)
        return RetentionSettings(**values)

    def _global_retention(self, raw: Any) -> GlobalRetentionSettings:
        if not isinstance(raw, dict):
            self.error("[retention]", "should be a table of day counts, like "
                       "dismissed_days = 30.", "retention")
            return GlobalRetentionSettings()
        defaults = GlobalRetentionSettings()
        names = (*RETENTION_DAY_KEYS, "seen_days", "outbox_days")
        self._unknown_keys(raw, set(names), "[retention]", "retention")
        values = {}
        for name in names:
            value = self._get(raw, name, int, "[retention]", getattr(defaults, name),
                              table="retention")
            if value < 0:
                self.error("[retention]", f"'{name}' cannot be negative.", name, "retention")
                value = getattr(defaults, name)
            values[name] = value
        return GlobalRetentionSettings(**values)

    def _trusts(self, raw: Any, school_ids: set[str]) -> tuple[Trust, ...]:
        if not isinstance(raw, list):
            self.error("[[trust]]", "should be a list of [[trust]] sections.", None)
            return ()
        trusts: list[Trust] = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict):
                continue
            where = f"[[trust]] '{entry.get('id', i + 1)}'"
            self._unknown_keys(entry, {"id", "name", "schools", "contacts"}, where, "trust", i)
            trust_id = self._get(entry, "id", str, where, "", True, "trust", i)
            name = self._get(entry, "name", str, where, "", True, "trust", i)
            members = self._str_list(entry, "schools", where, "trust", i)
            for member in members:
                if member not in school_ids:
                    self.error(where, f"lists school '{member}', but no [[school]] has that id.",
                               "schools", "trust", i)
            contacts = entry.get("contacts", {})
            if not isinstance(contacts, dict):
                contacts = {}
            trusts.append(Trust(id=trust_id, name=name, schools=members,
                                contacts={k: str(v) for k, v in contacts.items()}))
        return tuple(trusts)

    def _reddit(self, raw: Any, env: Mapping[str, str]) -> RedditSettings | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.error("[reddit]", "should be a table.", "reddit")
            return None
        where = "[reddit]"
        self._unknown_keys(raw, {"user_agent", "subreddits", "oauth_url", "reddit_url", "search",
                                 "max_items_per_listing", "client_id", "client_secret"},
                           where, "reddit")
        if "client_secret" in raw:
            self.error(where, "do not put client_secret in the file; set the environment "
                       "variable SCHOOLWATCH_REDDIT_CLIENT_SECRET instead.", "client_secret",
                       "reddit")
        user_agent = self._get(raw, "user_agent", str, where, "", True, "reddit")
        listed = self._str_list(raw, "subreddits", where, "reddit")
        for entry in listed:
            problem = subreddit_problem(entry)
            if problem:
                self.error(where, problem, "subreddits", "reddit")
        subreddits = tuple(s.removeprefix("r/") for s in listed)
        return RedditSettings(
            user_agent=user_agent, subreddits=subreddits,
            oauth_url=self._get(raw, "oauth_url", str, where, "https://oauth.reddit.com",
                                table="reddit").rstrip("/"),
            reddit_url=self._get(raw, "reddit_url", str, where, "https://www.reddit.com",
                                 table="reddit").rstrip("/"),
            search=self._get(raw, "search", bool, where, True, table="reddit"),
            max_items_per_listing=self._get(raw, "max_items_per_listing", int, where, 500,
                                            table="reddit"),
            client_id=env.get("SCHOOLWATCH_REDDIT_CLIENT_ID") or raw.get("client_id"),
            client_secret=env.get("SCHOOLWATCH_REDDIT_CLIENT_SECRET"),
        )

    def _feeds(self, raw: Any) -> tuple[FeedSettings, ...]:
        if not isinstance(raw, list):
            self.error("[[feed]]", "should be a list of [[feed]] sections.", None)
            return ()
        feeds: list[FeedSettings] = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict):
                continue
            where = f"[[feed]] #{i + 1}"
            self._unknown_keys(entry, {"url", "name", "kind", "follow_comments_days"}, where,
                               "feed", i)
            url = self._get(entry, "url", str, where, "", True, "feed", i)
            if url and not re.match(r"^https?://", url):
                self.error(where, f"'url' should start with http:// or https://, got {url!r}.",
                           "url", "feed", i)
            problem = feed_url_problem(url) if url else None
            if problem:
                self.error(where, problem, "url", "feed", i)
            kind = self._get(entry, "kind", str, where, "rss", table="feed", index=i)
            if kind not in FEED_KINDS:
                self.error(where, f"'kind' should be one of {', '.join(FEED_KINDS)}; got "
                           f"{kind!r}.", "kind", "feed", i)
            feeds.append(FeedSettings(
                url=url, name=self._get(entry, "name", str, where, "", table="feed", index=i),
                kind=kind,
                follow_comments_days=self._get(entry, "follow_comments_days", int, where, 0,
                                               table="feed", index=i),
            ))
        return tuple(feeds)

    def _google_news(self, raw: Any) -> GoogleNewsSettings:
        if not isinstance(raw, dict):
            return GoogleNewsSettings()
        self._unknown_keys(raw, {"enabled", "base_url"}, "[google_news]", "google_news")
        return GoogleNewsSettings(
            enabled=self._get(raw, "enabled", bool, "[google_news]", False, table="google_news"),
            base_url=self._get(raw, "base_url", str, "[google_news]",
                               GoogleNewsSettings.base_url, table="google_news"),
        )

    def _smtp(self, raw: Any, env: Mapping[str, str]) -> SmtpSettings | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.error("[smtp]", "should be a table.", "smtp")
            return None
        where = "[smtp]"
        self._unknown_keys(raw, {"host", "port", "starttls", "ssl", "sender", "username",
                                 "password", "timeout_seconds"}, where, "smtp")
        if "password" in raw:
            self.error(where, "do not put the mail password in the file; set "
                       "SCHOOLWATCH_SMTP_PASSWORD instead.", "password", "smtp")
        sender = self._get(raw, "sender", str, where, "", True, "smtp")
        if sender and not _EMAIL_PATTERN.match(sender):
            self.error(where, f"'sender' is not an email address: {sender!r}.", "sender", "smtp")
        port = self._get(raw, "port", int, where, 587, table="smtp")
        if not 0 < port < 65536:
            self.error(where, f"'port' {port} is not a valid port (1-65535).", "port", "smtp")
        starttls = self._get(raw, "starttls", bool, where, True, table="smtp")
        use_ssl = self._get(raw, "ssl", bool, where, False, table="smtp")
        if starttls and use_ssl:
            self.error(where, "choose either 'starttls' (usually port 587) or 'ssl' (usually "
                       "port 465), not both.", "ssl", "smtp")
        return SmtpSettings(
            host=self._get(raw, "host", str, where, "", True, "smtp"), port=port,
            starttls=starttls, ssl=use_ssl, sender=sender,
            username=env.get("SCHOOLWATCH_SMTP_USERNAME") or raw.get("username"),
            password=env.get("SCHOOLWATCH_SMTP_PASSWORD"),
            timeout_seconds=self._get(raw, "timeout_seconds", float, where, 30.0, table="smtp"),
        )

    def _schedule(self, raw: Any) -> ScheduleSettings:
        if not isinstance(raw, dict):
            return ScheduleSettings()
        self._unknown_keys(raw, {"cron", "timezone"}, "[schedule]", "schedule")
        cron = self._get(raw, "cron", str, "[schedule]", "30 2 * * *", table="schedule")
        if len(cron.split()) != 5:
            self.error("[schedule]", f"'cron' should have five fields like \"30 2 * * *\" "
                       f"(minute hour day month weekday); got {cron!r}.", "cron", "schedule")
        timezone = self._get(raw, "timezone", str, "[schedule]", "Europe/London",
                             table="schedule")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(timezone)
        except Exception:
            self.error("[schedule]", f"unknown time zone {timezone!r}; use a name like "
                       "\"Europe/London\".", "timezone", "schedule")
        return ScheduleSettings(cron=cron, timezone=timezone)

    def _classifier(self, raw: Any) -> ClassifierSettings:
        if not isinstance(raw, dict):
            return ClassifierSettings()
        self._unknown_keys(raw, {"model", "thresholds", "batch_size"}, "[classifier]",
                           "classifier")
        thresholds = raw.get("thresholds", {})
        if not isinstance(thresholds, dict) or not all(
            isinstance(v, int | float) and 0 <= v <= 1 for v in thresholds.values()
        ):
            self.error("[classifier]", "'thresholds' should map a label to a number between "
                       "0 and 1.", "thresholds", "classifier")
            thresholds = {}
        return ClassifierSettings(
            model=self._get(raw, "model", str, "[classifier]", "default", table="classifier"),
            thresholds={k: float(v) for k, v in thresholds.items()},
            batch_size=self._get(raw, "batch_size", int, "[classifier]", 64,
                                 table="classifier"),
        )


def _describe(kind: type | tuple[type, ...]) -> str:
    names = {str: "text in quotes", int: "a whole number", float: "a number",
             bool: "true or false", list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f'text "{value}"'
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
    return matches[0] if matches else None
