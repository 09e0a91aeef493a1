"""One drawing per silhouette kind of catalog.silhouettes, on a packshots.Shot. Shapes are in
fractions of the image side; products stand on packshots.FLOOR (0.84) around the centre."""

import math

from demo.packshot_colours import darker, lighter, mix
from demo.packshots import CREAM, GLASS, GREEN_LEAF, INK, TERRACOTTA, Shot


def bottle(shot: Shot, code: str) -> None:
    shot.shadow(0.13)
    body = (0.38, 0.36, 0.62, 0.84)
    shot.shape(
        shot.colour,
        ("rect", body, 0.035),
        ("poly", [(0.39, 0.40), (0.455, 0.25), (0.545, 0.25), (0.61, 0.40)]),
        ("rect", (0.455, 0.15, 0.545, 0.30), 0.01),
        round_body=True,
    )
    shot.shape(
        darker(shot.colour, 0.55), ("rect", (0.448, 0.11, 0.552, 0.18), 0.01), round_body=True
    )
    shot.label((0.38, 0.52, 0.62, 0.74))


def dropper(shot: Shot, code: str) -> None:
    shot.shadow(0.1)
    shot.shape(
        shot.colour,
        ("rect", (0.40, 0.48, 0.60, 0.84), 0.03),
        ("rect", (0.465, 0.40, 0.535, 0.50), 0.01),
        round_body=True,
    )
    shot.shape((40, 36, 34), ("rect", (0.45, 0.28, 0.55, 0.42), 0.012), round_body=True)
    shot.shape((40, 36, 34), ("ellipse", (0.456, 0.19, 0.544, 0.31)), round_body=True)
    shot.label((0.40, 0.60, 0.60, 0.76), emblem=False)


def jar(shot: Shot, code: str) -> None:
    shot.shadow(0.19)
    shot.shape(shot.colour, ("rect", (0.32, 0.38, 0.68, 0.84), 0.06), round_body=True)
    lid = mix(darker(shot.colour, 0.3), (196, 160, 70), 0.6)
    shot.shape(lid, ("rect", (0.335, 0.28, 0.665, 0.39), 0.02), round_body=True)
    shot.shape(darker(lid, 0.25), ("line", [(0.34, 0.35), (0.66, 0.35)], 0.004))
    shot.label((0.32, 0.52, 0.68, 0.74))


def capsules(shot: Shot, code: str) -> None:
    shot.shadow(0.2)
    shot.shape((244, 242, 238), ("rect", (0.34, 0.34, 0.62, 0.84), 0.04), round_body=True)
    shot.shape(shot.colour, ("rect", (0.35, 0.24, 0.61, 0.35), 0.015), round_body=True)
    shot.label((0.34, 0.48, 0.62, 0.74))
    for index, (x, y) in enumerate(((0.66, 0.80), (0.72, 0.825), (0.64, 0.835))):
        half = (0.045, 0.012)
        box = (x - half[0], y - half[1], x + half[0], y + half[1])
        shot.shape(CREAM, ("rect", box, 0.012), round_body=True)
        tip = (x, y - half[1], x + half[0], y + half[1])
        shot.shape(shot.colour if index != 1 else darker(shot.colour, 0.2), ("rect", tip, 0.012))


def pouch(shot: Shot, code: str) -> None:
    shot.shadow(0.2)
    outline = [(0.34, 0.25), (0.66, 0.25), (0.69, 0.80), (0.66, 0.845), (0.34, 0.845), (0.31, 0.80)]
    shot.shape(shot.colour, ("poly", outline), round_body=True)
    crimp = [(0.34 + i * 0.02, 0.235 + (i % 2) * 0.012) for i in range(17)]
    shot.shape(
        darker(shot.colour, 0.25), ("line", crimp, 0.01), ("rect", (0.34, 0.25, 0.66, 0.29), 0)
    )
    shot.shape(CREAM, ("rect", (0.38, 0.36, 0.62, 0.74), 0.02), round_body=True)
    shot.shape(darker(shot.colour, 0.2), ("rect", (0.38, 0.38, 0.62, 0.43), 0))
    window = (0.43, 0.52, 0.57, 0.66)
    shot.shape(lighter(shot.colour, 0.35), ("ellipse", window), round_body=True)
    grains = [(0.45 + (i % 4) * 0.03, 0.56 + (i // 4) * 0.05) for i in range(7)]  # in the window
    shot.shape(
        darker(shot.colour, 0.15),
        *[("ellipse", (x - 0.01, y - 0.006, x + 0.01, y + 0.006)) for x, y in grains],
    )
    shot.shape(INK, ("line", [(0.43, 0.70), (0.57, 0.70)], 0.008))


def tin(shot: Shot, code: str) -> None:
    shot.shadow(0.16)
    shot.shape(shot.colour, ("rect", (0.36, 0.32, 0.64, 0.84), 0.015), round_body=True)
    lid = darker(shot.colour, 0.3)
    shot.shape(lid, ("rect", (0.355, 0.26, 0.645, 0.38), 0.015), round_body=True)
    gold = (206, 168, 82)
    for y in (0.45, 0.76):
        shot.shape(gold, ("rect", (0.36, y, 0.64, y + 0.012), 0), round_body=True)
    shot.label((0.38, 0.49, 0.62, 0.73))


def box(shot: Shot, code: str) -> None:
    shot.shadow(0.26)
    front, side, top = shot.colour, darker(shot.colour, 0.3), lighter(shot.colour, 0.2)
    shot.shape(front, ("rect", (0.26, 0.44, 0.64, 0.84), 0))
    shot.shape(side, ("poly", [(0.64, 0.44), (0.76, 0.34), (0.76, 0.74), (0.64, 0.84)]))
    shot.shape(top, ("poly", [(0.26, 0.44), (0.38, 0.34), (0.76, 0.34), (0.64, 0.44)]))
    ribbon = (214, 176, 72)
    shot.shape(ribbon, ("rect", (0.43, 0.44, 0.47, 0.84), 0))
    shot.shape(
        lighter(ribbon, 0.2), ("poly", [(0.43, 0.44), (0.55, 0.34), (0.59, 0.34), (0.47, 0.44)])
    )
    shot.shape(
        darker(ribbon, 0.2),
        ("ellipse", (0.46, 0.34, 0.54, 0.40)),
        ("ellipse", (0.52, 0.34, 0.60, 0.40)),
    )
    shot.label((0.29, 0.56, 0.41, 0.76), round_body=False, emblem=False)


def bundle(shot: Shot, code: str) -> None:
    shot.shadow(0.3)
    for top, shade in ((0.50, 0.18), (0.62, 0.0)):
        body = (0.20, top, 0.80, top + 0.22)
        colour = darker(shot.colour, shade)
        shot.shape(colour, ("rect", body, 0.05))
        strands = [
            ("line", [(0.23, top + f), (0.77, top + f)], 0.003) for f in (0.04, 0.08, 0.12, 0.16)
        ]
        shot.shape(darker(colour, 0.18), *strands)
        for x in (0.34, 0.66):
            shot.shape((150, 40, 36), ("rect", (x - 0.015, top - 0.004, x + 0.015, top + 0.224), 0))
    shot.label((0.44, 0.66, 0.56, 0.80), round_body=False, emblem=False)


def fruit(shot: Shot, code: str) -> None:
    shot.shadow(0.3)
    for x0, y0, d in ((0.22, 0.58, 0.27), (0.51, 0.58, 0.27), (0.36, 0.37, 0.28)):
        ball = (x0, y0, x0 + d, y0 + d)
        shot.shape(shot.colour, ("ellipse", ball), round_body=True)
        cx = x0 + d / 2
        shot.shape(
            darker(shot.colour, 0.45), ("ellipse", (cx - 0.01, y0 + 0.01, cx + 0.01, y0 + 0.03))
        )
    leaf = [(0.50, 0.39), (0.56, 0.31), (0.64, 0.30), (0.58, 0.37)]
    shot.shape(GREEN_LEAF, ("poly", leaf), round_body=True)


def tray(shot: Shot, code: str) -> None:
    shot.shadow(0.3)
    shot.shape(shot.colour, ("rect", (0.27, 0.52, 0.73, 0.76), 0.08), round_body=True)
    shot.shape(
        lighter(shot.colour, 0.25),
        ("ellipse", (0.34, 0.56, 0.50, 0.66)),
        ("ellipse", (0.50, 0.60, 0.66, 0.70)),
    )
    shot.shape(
        (236, 238, 240),
        ("poly", [(0.20, 0.68), (0.80, 0.68), (0.76, 0.845), (0.24, 0.845)]),
        round_body=True,
    )
    shot.shape(GLASS, ("line", [(0.30, 0.55), (0.46, 0.52)], 0.01))
    shot.label((0.56, 0.72, 0.70, 0.81), round_body=False, emblem=False)


def basket(shot: Shot, code: str) -> None:
    shot.shadow(0.25)
    shot.shape(darker(shot.colour, 0.1), ("arc", (0.33, 0.22, 0.67, 0.78), 180, 360, 0.03))
    body = [(0.25, 0.50), (0.75, 0.50), (0.68, 0.845), (0.32, 0.845)]
    shot.shape(shot.colour, ("poly", body), round_body=True)
    inset = [(y, 0.01 + (y - 0.50) / 0.345 * 0.07) for y in (0.57, 0.64, 0.71, 0.78)]  # sides slope
    weave = [("line", [(0.25 + d, y), (0.75 - d, y)], 0.004) for y, d in inset]
    weave += [
        ("line", [(0.25 + i * 0.05, 0.50), (0.32 + i * 0.036, 0.845)], 0.004) for i in range(11)
    ]
    shot.shape(darker(shot.colour, 0.3), *weave)
    shot.shape(darker(shot.colour, 0.2), ("ellipse", (0.23, 0.47, 0.77, 0.54)))
    shot.shape(darker(shot.colour, 0.45), ("ellipse", (0.26, 0.485, 0.74, 0.525)))


def vase(shot: Shot, code: str) -> None:
    shot.shadow(0.16)
    left, right = [], []
    for i in range(25):
        y = 0.20 + i * 0.64 / 24
        t = (y - 0.20) / 0.64
        half = (
            0.06 + 0.16 * math.sin(math.pi * min(1.0, t * 1.1)) ** 1.4
            if t > 0.12
            else 0.075 - t * 0.1
        )
        left.append((0.5 - half, y))
        right.append((0.5 + half, y))
    shot.shape(shot.colour, ("poly", left + right[::-1]), round_body=True)
    band = lighter(shot.colour, 0.55)
    shot.shape(band, ("rect", (0.30, 0.55, 0.70, 0.57), 0), ("rect", (0.30, 0.66, 0.70, 0.675), 0))
    shot.shape(
        mix(band, CREAM, 0.5),
        *[("ellipse", (x - 0.012, 0.60, x + 0.012, 0.63)) for x in (0.38, 0.44, 0.5, 0.56, 0.62)],
    )


def fabric(shot: Shot, code: str) -> None:
    shot.shadow(0.3)
    accents = (darker(shot.colour, 0.35), (236, 200, 80), (40, 52, 112))
    for index, (y0, inset) in enumerate(((0.70, 0.0), (0.56, 0.02), (0.42, 0.04))):
        box = (0.22 + inset, y0, 0.78 - inset, y0 + 0.145)
        colour = shot.colour if index != 1 else mix(shot.colour, CREAM, 0.3)
        shot.shape(colour, ("rect", box, 0.02))
        zig = [
            (box[0] + 0.02 + i * 0.03, y0 + 0.05 + (i % 2) * 0.04)
            for i in range(int((box[2] - box[0]) / 0.03) - 1)
        ]
        shot.shape(accents[index % 3], ("line", zig, 0.007))
        shot.shape(darker(colour, 0.3), ("rect", (box[0], y0 + 0.125, box[2], y0 + 0.145), 0.01))


def plant(shot: Shot, code: str) -> None:
    shot.shadow(0.14)
    flowers = code.startswith("V.1")
    pot = TERRACOTTA if flowers else mix(shot.colour, (60, 90, 120), 0.6)
    shot.shape(darker(GREEN_LEAF, 0.3), ("line", [(0.5, 0.66), (0.5, 0.40), (0.44, 0.30)], 0.014))
    leaves = [
        (0.34, 0.26, 0.14),
        (0.52, 0.20, 0.15),
        (0.44, 0.36, 0.13),
        (0.58, 0.33, 0.13),
        (0.30, 0.40, 0.11),
    ]
    for index, (x, y, d) in enumerate(leaves):
        tone = GREEN_LEAF if index % 2 else lighter(GREEN_LEAF, 0.15)
        shot.shape(tone, ("ellipse", (x, y, x + d, y + d * 0.8)), round_body=True)
    if flowers:
        for x, y in ((0.40, 0.30), (0.58, 0.26), (0.50, 0.40), (0.64, 0.40), (0.34, 0.44)):
            shot.shape(
                shot.colour,
                ("ellipse", (x - 0.035, y - 0.035, x + 0.035, y + 0.035)),
                round_body=True,
            )
            shot.shape((250, 222, 90), ("ellipse", (x - 0.01, y - 0.01, x + 0.01, y + 0.01)))
    shot.shape(
        pot, ("poly", [(0.37, 0.64), (0.63, 0.64), (0.60, 0.845), (0.40, 0.845)]), round_body=True
    )
    shot.shape(darker(pot, 0.15), ("rect", (0.35, 0.61, 0.65, 0.67), 0.01), round_body=True)


def fishbowl(shot: Shot, code: str) -> None:
    shot.shadow(0.2)
    shot.shape((196, 226, 238), ("ellipse", (0.27, 0.34, 0.73, 0.845)), round_body=True)
    shot.shape(
        (170, 210, 228), ("ellipse", (0.27, 0.34, 0.73, 0.845)), ("-rect", (0.0, 0.0, 1.0, 0.46), 0)
    )
    shot.shape(
        (160, 140, 110), ("ellipse", (0.33, 0.76, 0.67, 0.86)), ("-rect", (0.0, 0.845, 1.0, 1.0), 0)
    )
    shot.shape(GREEN_LEAF, ("line", [(0.38, 0.80), (0.36, 0.66), (0.39, 0.56)], 0.012))
    shot.shape(
        shot.colour,
        ("ellipse", (0.44, 0.54, 0.60, 0.64)),
        ("poly", [(0.59, 0.59), (0.67, 0.53), (0.66, 0.65)]),
        round_body=True,
    )
    shot.shape(INK, ("ellipse", (0.465, 0.57, 0.48, 0.585)))
    shot.shape(GLASS, ("ellipse", (0.28, 0.40, 0.72, 0.48)))


def ticket(shot: Shot, code: str) -> None:
    shot.shadow(0.3, depth=0.02)
    card = (0.18, 0.30, 0.82, 0.82)
    shot.shape((252, 250, 246), ("rect", card, 0.03))
    shot.shape(lighter(shot.colour, 0.45), ("rect", (0.21, 0.33, 0.79, 0.66), 0.015))
    shot.shape((250, 214, 120), ("ellipse", (0.62, 0.37, 0.70, 0.45)))
    shot.shape(
        mix(GREEN_LEAF, shot.colour, 0.3),
        (
            "poly",
            [
                (0.21, 0.66),
                (0.21, 0.50),
                (0.34, 0.40),
                (0.46, 0.52),
                (0.58, 0.44),
                (0.79, 0.60),
                (0.79, 0.66),
            ],
        ),
    )
    shot.shape(
        lighter(GREEN_LEAF, 0.2),
        (
            "poly",
            [(0.21, 0.66), (0.21, 0.58), (0.40, 0.54), (0.60, 0.60), (0.79, 0.56), (0.79, 0.66)],
        ),
    )
    shot.shape(
        lighter(shot.colour, 0.7), ("line", [(0.40, 0.66), (0.47, 0.60), (0.56, 0.63)], 0.01)
    )
    perforation = [
        ("ellipse", (x - 0.004, 0.695, x + 0.004, 0.703))
        for x in [0.22 + i * 0.025 for i in range(24)]
    ]
    shot.shape(mix(shot.colour, CREAM, 0.6), *perforation)
    shot.shape(
        INK,
        ("line", [(0.24, 0.75), (0.50, 0.75)], 0.012),
        ("line", [(0.24, 0.785), (0.42, 0.785)], 0.008),
    )
    shot.shape(darker(shot.colour, 0.2), ("rect", (0.64, 0.73, 0.78, 0.79), 0.01))


DRAWINGS = {
    "bottle": bottle,
    "dropper": dropper,
    "jar": jar,
    "capsules": capsules,
    "pouch": pouch,
    "tin": tin,
    "box": box,
    "bundle": bundle,
    "fruit": fruit,
    "tray": tray,
    "basket": basket,
    "vase": vase,
    "fabric": fabric,
    "plant": plant,
    "fishbowl": fishbowl,
    "ticket": ticket,
}
