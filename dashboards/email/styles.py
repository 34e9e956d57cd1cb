"""Inline CSS for the email templates.

Mail clients (Outlook above all) ignore ``<style>`` blocks and external
sheets, so every element carries its own ``style``. Keeping the strings here
keeps the templates readable and the look consistent. No quotes inside
values: they sit inside ``style="..."`` attributes.
"""

FONT = "font-family:Arial,Helvetica,sans-serif;"
BODY = "margin:0;padding:0;background-color:#f1f3f5;"
OUTER = "background-color:#f1f3f5;"
OUTER_CELL = "padding:24px 8px;"
CARD = ("width:100%;max-width:640px;background-color:#ffffff;border:1px solid #dde1e6;"
        "border-radius:6px;")
HEADER = (f"{FONT}background-color:#1f3a5f;color:#ffffff;padding:20px 24px;"
          "border-radius:6px 6px 0 0;")
HEADER_URGENT = (f"{FONT}background-color:#9b1c1c;color:#ffffff;padding:20px 24px;"
                 "border-radius:6px 6px 0 0;")
KICKER = f"{FONT}font-size:13px;color:#dbe4ee;margin:0 0 4px 0;"
TITLE = f"{FONT}font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;margin:0;"
CELL = f"{FONT}padding:16px 24px 0 24px;font-size:14px;line-height:21px;color:#1f2933;"
PARA = f"{FONT}font-size:14px;line-height:21px;color:#1f2933;margin:0 0 8px 0;"
SECTION_TITLE = (f"{FONT}font-size:16px;font-weight:bold;color:#1f2933;margin:8px 0 8px 0;"
                 "padding-bottom:4px;border-bottom:2px solid #e4e7eb;")
SECTION_NOTE = f"{FONT}font-size:13px;color:#52606d;margin:0 0 8px 0;"
MUTED = f"{FONT}font-size:12px;line-height:18px;color:#616e7c;"
COUNT_CELL = f"{FONT}padding:10px 4px;text-align:center;border-radius:4px;"
COUNT_NUMBER = f"{FONT}font-size:22px;font-weight:bold;line-height:26px;"
COUNT_LABEL = f"{FONT}font-size:12px;color:#3e4c59;"
ITEM = "width:100%;border:1px solid #dde1e6;border-radius:4px;margin:0 0 10px 0;"
ITEM_CELL = f"{FONT}padding:10px 12px;font-size:14px;line-height:20px;color:#1f2933;"
ITEM_TITLE = f"{FONT}font-size:15px;font-weight:bold;color:#1f2933;margin:2px 0 4px 0;"
QUOTE = (f"{FONT}font-size:14px;line-height:20px;color:#323f4b;margin:6px 0;"
         "padding:6px 10px;border-left:3px solid #cbd2d9;background-color:#f5f7fa;")
REDACTED = (f"{FONT}font-size:14px;line-height:20px;color:#52606d;margin:6px 0;"
            "padding:6px 10px;border-left:3px solid #9b1c1c;background-color:#fdf2f2;")
CHIP = (f"{FONT}display:inline-block;font-size:12px;line-height:16px;padding:1px 6px;"
        "margin:0 4px 2px 0;border-radius:3px;background-color:#e4e7eb;color:#323f4b;")
BUTTON = (f"{FONT}display:inline-block;font-size:13px;font-weight:bold;color:#ffffff;"
          "background-color:#1f3a5f;text-decoration:none;padding:6px 12px;border-radius:4px;")
LINK = f"{FONT}font-size:13px;color:#1f5fa8;text-decoration:underline;"
ROW_CELL = f"{FONT}padding:6px 8px;font-size:14px;line-height:20px;border-bottom:1px solid #e4e7eb;"
FOOTER = f"{FONT}padding:16px 24px 20px 24px;font-size:12px;line-height:18px;color:#616e7c;"

# Left border colour by severity (0 none .. 4 urgent) and count tile colours.
SEVERITY_BORDER = {0: "#9aa5b1", 1: "#9aa5b1", 2: "#de911d", 3: "#d9480f", 4: "#9b1c1c"}
TILE = {
    "urgent": ("#fdecea", "#9b1c1c"),
    "attention": ("#fdf0e6", "#b03a0a"),
    "new": ("#fff6e0", "#8a5a00"),
    "changed": ("#e8f1fb", "#1f5fa8"),
    "removed": ("#e6f6ec", "#1e6b3a"),
}


def item(severity: int) -> str:
    """An item box with a left border coloured by severity."""
    colour = SEVERITY_BORDER.get(int(severity), "#9aa5b1")
    return f"{ITEM}border-left:4px solid {colour};"


def tile(kind: str) -> str:
    """A count tile's background."""
    background, _ = TILE[kind]
    return f"{COUNT_CELL}background-color:{background};"


def tile_number(kind: str) -> str:
    """A count tile's number colour."""
    _, colour = TILE[kind]
    return f"{COUNT_NUMBER}color:{colour};"
