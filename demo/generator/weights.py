"""How the generated catalogue spreads over the country: a weight per pre-2025 province, so
that the statistics page on the 20,000-product catalogue has the programme's real shape (Hà Nội
far ahead, the mountain and Mekong provinces with a few hundred each) and not one that follows
the number of communes.

The four figures the OCOP articles quote are used as they are (Sơn La 151, Thanh Hóa 479,
Bắc Kạn 107, Sóc Trăng 39); the others are rounded orders of magnitude of the provinces'
certified products around 2024–2025, not an official dataset. They add up to about 17,000,
close to the programme's 17,300. Keyed by pre-2025 code (legacy_provinces.json); the new
provinces' weights are the sums of the old ones they absorbed.
"""

# fmt: off
LEGACY_PROVINCE_WEIGHTS = {
    "01": 3000, "02": 250, "04": 150, "06": 107, "08": 250, "10": 300, "11": 100, "12": 100,
    "14": 151, "15": 250, "17": 200, "19": 400, "20": 200, "22": 500, "24": 400, "25": 400,
    "26": 200, "27": 200, "30": 300, "31": 200, "33": 300, "34": 300, "35": 150, "36": 300,
    "37": 300, "38": 479, "40": 600, "42": 400, "44": 200, "45": 150, "46": 250, "48": 80,
    "49": 400, "51": 200, "52": 250, "54": 100, "56": 150, "58": 100, "60": 150, "62": 150,
    "64": 150, "66": 200, "67": 100, "68": 350, "70": 100, "72": 150, "74": 100, "75": 300,
    "77": 150, "79": 200, "80": 150, "82": 200, "83": 250, "84": 150, "86": 150, "87": 300,
    "89": 250, "91": 150, "92": 150, "93": 150, "94": 39, "95": 100, "96": 150,
}
# fmt: on
