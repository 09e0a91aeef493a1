"""What a product of each OCOP product set usually looks like on a shelf: a bottle, a jar, a
pouch... The demo's packshots draw that shape and the storefront's placeholder (for a product
without a photo) shows it, so a missing photo still says "fish sauce" rather than a blank tile.

Pure data and two lookups: no models, no I/O, so templates and the demo can use it freely."""

from marketplace.core.text import fold

# Every kind has a drawing in demo/packshots and a placeholder
# frontend_templates/static/storefront/placeholders/<kind>.svg.
KINDS = (
    "bottle",  # fish sauce, soy sauce, wine, juices, water
    "dropper",  # essential oils, small cosmetics
    "jar",  # honey, pickles, pastes, creams
    "capsules",  # herbal medicine: a pill bottle with capsules beside it
    "pouch",  # rice, grains, coffee, dried snacks
    "tin",  # tea
    "box",  # gift boxes, cakes, tea bags
    "bundle",  # noodles, dried meat and fish tied in a bundle
    "fruit",  # fresh fruit and vegetables
    "tray",  # fresh meat, fish, eggs
    "basket",  # woven crafts
    "vase",  # pottery
    "fabric",  # brocade, silk: folded cloth
    "plant",  # potted ornamental plants and flowers
    "fishbowl",  # ornamental animals
    "ticket",  # community tourism: a landscape card
)

DEFAULT_KIND = "box"

# Product set (or group) code -> kind; the longest matching code prefix wins, then the sector's.
BY_CODE = {
    "I": "box",
    "I.1.a": "fruit",
    "I.1.b": "tray",
    "I.2.a": "pouch",
    "I.2.b": "jar",
    "I.3.a": "pouch",
    "I.3.b": "bundle",
    "I.3.c": "pouch",
    "I.3.d": "bundle",
    "I.4.a": "bottle",
    "I.4.b": "jar",
    "I.5.a": "tin",
    "I.5.b": "box",
    "I.6": "pouch",
    "II": "bottle",
    "III": "capsules",
    "III.2": "jar",
    "III.3": "dropper",
    "IV": "basket",
    "IV.2": "fabric",
    "V": "plant",
    "V.3": "fishbowl",
    "VI": "ticket",
}

# Words of a product's name (folded: no diacritics, lower case) that say more than its set:
# "Mật ong" is a jar whatever set it was filed under. Checked in order; the first match wins.
BY_KEYWORD = (
    ("vien", "capsules"),  # "Viên tinh nghệ mật ong" is pills, not a jar of honey
    ("tinh dau", "dropper"),
    ("nuoc mam", "bottle"),
    ("ruou", "bottle"),
    ("mat ong", "jar"),
    ("mat hoa", "jar"),
    ("mat mia", "jar"),
    ("ca phe", "pouch"),
    ("gao", "pouch"),
    ("tui loc", "box"),
    ("banh", "box"),
    ("gac bep", "bundle"),
    ("mien dong", "bundle"),  # two words: "miền" (region) folds to "mien" too
    ("ca koi", "fishbowl"),
    ("ca vang", "fishbowl"),
    ("ca betta", "fishbowl"),
    ("binh gom", "vase"),
    ("am chen", "vase"),
    ("gom", "vase"),
    ("lan", "plant"),
    ("cao", "jar"),
    ("xa phong", "box"),
    ("dau goi", "bottle"),
    ("sua tam", "bottle"),
    ("nuoc", "bottle"),
    ("sua", "bottle"),
    ("trung", "tray"),
)


def kind_for_code(code: str) -> str:
    """The kind of a product set code ("I.4.a" -> "bottle"), by its longest known prefix."""
    parts = (code or "").split(".")
    for length in range(len(parts), 0, -1):
        kind = BY_CODE.get(".".join(parts[:length]))
        if kind:
            return kind
    return DEFAULT_KIND


def kind_for(code: str, name: str = "", *, folded: str | None = None) -> str:
    """The kind for a product of set `code` named `name` (pass `folded`, the name already
    folded, to save the work: Product.name_folded)."""
    # Whole words only: "lan" (orchid) must not match "lang" (sweet potato).
    text = f" {folded if folded is not None else fold(name or '')} "
    for keyword, kind in BY_KEYWORD:
        if f" {keyword} " in text:
            return kind
    return kind_for_code(code)
