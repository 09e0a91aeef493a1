"""Words the catalogue generator combines: product types per OCOP product set, packagings, people's
and producers' names. Data only; `naming` turns it into names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Packaging:
    name: str
    weight_grams: int
    price_factor: float  # times the product's base price


@dataclass(frozen=True)
class ProductSetWords:
    weight: float  # share of the national catalogue, relative to the other sets
    heads: tuple[str, ...]  # product types that read well before a place or brand name
    qualifiers: tuple[str, ...]  # what producers add after the type
    trades: tuple[str, ...]  # what a producer of this set calls its trade ("HTX Chè ...")
    packagings: str  # key of PACKAGINGS
    base_price: tuple[int, int]  # đồng for a packaging with price_factor 1.0
    seasonal: float = 0.0  # share of products sold only in some months


def _packs(*rows) -> tuple[Packaging, ...]:
    return tuple(Packaging(*row) for row in rows)


# Five per kind so that a product can have up to five variants.
PACKAGINGS: dict[str, tuple[Packaging, ...]] = {
    "fresh": _packs(
        ("Túi 500g", 500, 0.5),
        ("Hộp 1kg", 1000, 1.0),
        ("Hộp quà 2kg", 2200, 2.2),
        ("Thùng 3kg", 3000, 2.8),
        ("Thùng 5kg", 5000, 4.5),
    ),
    "dry": _packs(
        ("Gói 200g", 200, 0.45),
        ("Túi 500g", 500, 1.0),
        ("Hộp quà 500g", 650, 1.3),
        ("Túi 1kg", 1000, 1.9),
        ("Thùng 5kg", 5000, 8.5),
    ),
    "jar": _packs(
        ("Lọ 100ml", 150, 0.25),
        ("Chai 250ml", 330, 0.55),
        ("Chai 500ml", 650, 1.0),
        ("Bình 1 lít", 1300, 1.9),
        ("Hộp quà 2 chai 500ml", 1500, 2.2),
    ),
    "liquid": _packs(
        ("Chai 300ml", 450, 0.65),
        ("Chai 500ml", 750, 1.0),
        ("Chai 750ml", 1100, 1.4),
        ("Hộp quà 2 chai", 1800, 2.3),
        ("Can 2 lít", 2200, 3.2),
    ),
    "water": _packs(
        ("Lốc 6 chai 500ml", 3200, 0.4),
        ("Bình 19 lít", 19500, 0.6),
        ("Thùng 24 chai 350ml", 9000, 0.9),
        ("Thùng 24 chai 500ml", 12500, 1.0),
        ("Thùng 12 chai 1,5 lít", 18500, 1.1),
    ),
    "spice": _packs(
        ("Gói 50g", 50, 0.3),
        ("Hũ 100g", 130, 0.55),
        ("Túi 200g", 200, 1.0),
        ("Hộp quà 3 hũ", 450, 1.8),
        ("Túi 500g", 500, 2.3),
    ),
    "tea": _packs(
        ("Gói 100g", 100, 0.5),
        ("Hộp 200g", 220, 1.0),
        ("Hộp quà 2 x 200g", 500, 2.2),
        ("Túi 500g", 500, 2.3),
        ("Túi 1kg", 1000, 4.4),
    ),
    "health": _packs(
        ("Hộp 30 viên", 80, 0.5),
        ("Hộp 10 gói", 200, 0.7),
        ("Lọ 100g", 150, 0.9),
        ("Hộp 60 viên", 140, 1.0),
        ("Hộp quà cao cấp", 600, 2.5),
    ),
    "cosmetic": _packs(
        ("Lọ 10ml", 40, 0.3),
        ("Chai 50ml", 90, 0.6),
        ("Chai 100ml", 160, 1.0),
        ("Chai 250ml", 330, 2.0),
        ("Bộ quà tặng", 500, 2.6),
    ),
    "craft": _packs(
        ("Cỡ nhỏ", 300, 0.5),
        ("Cỡ vừa", 700, 1.0),
        ("Mẫu quà tặng", 900, 1.3),
        ("Cỡ lớn", 1500, 1.8),
        ("Bộ 3 chiếc", 1800, 2.4),
    ),
    "textile": _packs(
        ("Màu tự nhiên", 250, 0.95),
        ("Màu chàm", 250, 1.0),
        ("Màu đỏ", 250, 1.0),
        ("Cỡ lớn", 400, 1.4),
        ("Hộp quà", 450, 1.5),
    ),
    "flower": _packs(
        ("Bó 10 cành", 800, 0.6),
        ("Chậu 1 cành", 1500, 1.0),
        ("Bó 20 cành", 1500, 1.1),
        ("Giỏ hoa", 2500, 1.8),
        ("Chậu 3 cành", 3000, 2.6),
    ),
    "plant": _packs(
        ("Cây nhỏ", 1500, 0.5),
        ("Cây trung", 4000, 1.0),
        ("Chậu sứ nhỏ", 3000, 1.2),
        ("Cây lớn", 9000, 2.2),
        ("Chậu sứ lớn", 12000, 2.8),
    ),
    "animal": _packs(
        ("Cỡ nhỏ", 300, 0.6),
        ("1 con", 500, 1.0),
        ("Cỡ lớn", 800, 1.6),
        ("Cặp 2 con", 1000, 1.9),
        ("Bộ 5 con", 2000, 4.2),
    ),
    "tour": _packs(
        ("Vé trẻ em", 0, 0.6),
        ("Vé người lớn", 0, 1.0),
        ("Gói trải nghiệm nửa ngày", 0, 1.8),
        ("Gói gia đình 4 người", 0, 3.2),
        ("Gói 1 ngày 1 đêm", 0, 3.5),
    ),
}

_W = ProductSetWords

# fmt: off
# Weights follow the real programme roughly: food is about 70% of OCOP products.
PRODUCT_SETS: dict[str, ProductSetWords] = {
    "I.1.a": _W(
        12,
        ("Bưởi da xanh", "Cam sành", "Nhãn lồng", "Vải thiều", "Thanh long ruột đỏ",
         "Sầu riêng Ri6", "Chuối tiêu hồng", "Dưa lưới", "Khoai lang tím", "Bơ sáp", "Na dai",
         "Mận hậu", "Hồng không hạt", "Măng tây xanh", "Chanh leo", "Mít Thái", "Dừa xiêm xanh",
         "Xoài cát chu", "Chanh không hạt", "Quýt đường"),
        ("hữu cơ", "VietGAP", "loại 1", "sạch"),
        ("Trồng trọt", "Cây ăn quả", "Nông nghiệp sạch", "Rau an toàn"),
        "fresh", (30_000, 120_000), seasonal=0.6,
    ),
    "I.1.b": _W(
        5,
        ("Thịt lợn đen", "Gà đồi", "Gà ri", "Vịt bầu", "Trứng gà ác", "Tôm càng xanh", "Cá lăng",
         "Cá tầm", "Cua đồng", "Sữa bò tươi", "Sữa dê tươi", "Bò vàng", "Cá chép giòn",
         "Ốc hương", "Tôm sú"),
        ("thả vườn", "sạch", "tươi sống"),
        ("Chăn nuôi", "Thủy sản", "Chăn nuôi tổng hợp"),
        "fresh", (80_000, 300_000), seasonal=0.1,
    ),
    "I.2.a": _W(
        6,
        ("Gạo ST25", "Gạo nếp cái hoa vàng", "Gạo Séng Cù", "Gạo tám thơm", "Gạo lứt đỏ",
         "Gạo Bắc Hương", "Đậu tương", "Hạt sen", "Lạc nhân", "Ngô nếp", "Kê vàng", "Đỗ xanh",
         "Gạo nếp nương"),
        ("hữu cơ", "sạch", "thượng hạng"),
        ("Sản xuất lúa gạo", "Lúa gạo", "Nông nghiệp"),
        "dry", (20_000, 60_000),
    ),
    "I.2.b": _W(
        6,
        ("Mật ong bạc hà", "Mật ong hoa nhãn", "Mật ong rừng", "Mật ong hoa cà phê",
         "Mật ong hoa vải", "Mật mía", "Đường phèn", "Đường thốt nốt", "Mật hoa dừa",
         "Mật ong hoa bạc hà"),
        ("nguyên chất", "thiên nhiên", "thượng hạng"),
        ("Nuôi ong", "Ong mật", "Nông sản"),
        "jar", (150_000, 400_000),
    ),
    "I.3.a": _W(
        1,
        ("Mì gạo", "Phở khô", "Bánh đa cua", "Bún khô", "Cháo dinh dưỡng", "Bún bò ăn liền",
         "Hủ tiếu khô", "Cơm cháy chà bông", "Xôi sấy"),
        ("ăn liền", "truyền thống"),
        ("Chế biến thực phẩm", "Thực phẩm"),
        "dry", (30_000, 80_000),
    ),
    "I.3.b": _W(
        6,
        ("Miến dong", "Bánh đa nem", "Bánh tráng phơi sương", "Bánh chưng", "Cốm dẹp",
         "Bánh gạo lứt", "Bún gạo lứt", "Bánh đa vừng", "Bánh gai", "Bánh khảo",
         "Ngũ cốc dinh dưỡng", "Bột sắn dây", "Bánh cáy"),
        ("truyền thống", "làng nghề", "thủ công"),
        ("Chế biến nông sản", "Làng nghề", "Bánh truyền thống"),
        "dry", (30_000, 120_000),
    ),
    "I.3.c": _W(
        8,
        ("Mít sấy", "Chuối sấy dẻo", "Mứt gừng", "Ô mai mơ", "Hạt điều rang muối", "Măng khô",
         "Nấm hương khô", "Mộc nhĩ", "Xoài sấy dẻo", "Vải sấy", "Long nhãn", "Khoai lang sấy",
         "Hồng treo gió", "Hạt mắc ca", "Tỏi đen", "Dưa cải muối"),
        ("sấy lạnh", "thượng hạng", "đặc sản"),
        ("Chế biến nông sản", "Nông sản sấy", "Thực phẩm sạch"),
        "dry", (60_000, 300_000),
    ),
    "I.3.d": _W(
        8,
        ("Thịt trâu gác bếp", "Lạp xưởng", "Giò bò", "Chả cá", "Mực một nắng", "Cá khô",
         "Tôm khô", "Ruốc tôm", "Nem chua", "Khô cá lóc", "Sữa chua", "Bánh sữa", "Chả mực",
         "Thịt lợn gác bếp", "Khô cá sặc"),
        ("đặc sản", "truyền thống", "thượng hạng"),
        ("Chế biến thực phẩm", "Hải sản", "Chế biến thủy sản"),
        "dry", (120_000, 450_000),
    ),
    "I.4.a": _W(
        4,
        ("Nước mắm cá cơm", "Nước mắm truyền thống", "Tương nếp", "Tương ớt", "Nước tương",
         "Giấm gạo", "Mắm tôm", "Mắm tép", "Dầu lạc", "Dầu mè"),
        ("nguyên chất", "truyền thống", "đặc biệt"),
        ("Nước mắm", "Chế biến gia vị", "Làng nghề"),
        "liquid", (50_000, 200_000),
    ),
    "I.4.b": _W(
        3,
        ("Muối tôm", "Tiêu đen", "Hạt dổi", "Mắc khén", "Quế thanh", "Hoa hồi khô", "Ớt bột",
         "Gừng bột", "Muối ớt xanh", "Sả sấy", "Tỏi cô đơn", "Thảo quả"),
        ("rừng", "sạch", "nguyên chất"),
        ("Gia vị", "Nông lâm sản", "Dược liệu và gia vị"),
        "spice", (30_000, 200_000),
    ),
    "I.5.a": _W(
        7,
        ("Chè Shan tuyết", "Chè xanh", "Chè búp", "Chè móc câu", "Chè Ô long", "Hồng trà",
         "Trà Shan tuyết cổ thụ", "Chè đinh", "Chè tôm nõn", "Bạch trà", "Chè vàng"),
        ("thượng hạng", "đặc biệt", "hữu cơ", "cổ thụ"),
        ("Chè", "Sản xuất chè", "Chè sạch"),
        "tea", (80_000, 400_000),
    ),
    "I.5.b": _W(
        4,
        ("Trà hoa vàng", "Trà atiso", "Trà lá sen", "Trà gừng", "Trà hoa cúc", "Trà dây",
         "Trà mãng cầu", "Trà giảo cổ lam", "Trà khổ qua rừng", "Trà lá vối", "Trà hoa hồng"),
        ("túi lọc", "sấy lạnh", "hữu cơ"),
        ("Dược liệu", "Trà thảo mộc", "Nông sản"),
        "tea", (60_000, 300_000),
    ),
    "I.6": _W(
        3,
        ("Cà phê Robusta rang xay", "Cà phê Arabica", "Cà phê hạt rang", "Cà phê phin giấy",
         "Cà phê hòa tan", "Bột ca cao", "Sô cô la đen", "Cà phê Culi", "Cà phê Moka",
         "Cà phê honey"),
        ("nguyên chất", "đặc sản", "thượng hạng"),
        ("Cà phê", "Cà phê bền vững", "Ca cao"),
        "tea", (80_000, 400_000),
    ),
    "II.1.a": _W(
        5,
        ("Rượu ngô men lá", "Rượu nếp cái hoa vàng", "Rượu gạo men lá", "Rượu nếp cẩm",
         "Rượu ngô", "Rượu gạo lứt", "Rượu thóc", "Rượu nếp nương", "Rượu làng"),
        ("truyền thống", "đặc sản", "hạ thổ"),
        ("Sản xuất rượu", "Rượu truyền thống", "Làng nghề"),
        "liquid", (50_000, 250_000),
    ),
    "II.1.b": _W(
        2,
        ("Rượu vang sim", "Rượu táo mèo", "Rượu mơ", "Bia thủ công", "Rượu vang chuối",
         "Rượu ba kích", "Rượu đinh lăng", "Rượu vang dâu tằm", "Rượu sim"),
        ("đặc sản", "thượng hạng", "hảo hạng"),
        ("Đồ uống", "Rượu vang", "Sản xuất rượu"),
        "liquid", (60_000, 300_000),
    ),
    "II.2.a": _W(
        1,
        ("Nước khoáng thiên nhiên", "Nước uống đóng chai", "Nước khoáng có ga",
         "Nước suối tinh khiết", "Nước kiềm"),
        ("tinh khiết", "thiên nhiên"),
        ("Nước uống", "Nước khoáng"),
        "water", (60_000, 150_000),
    ),
    "II.2.b": _W(
        3,
        ("Nước cốt gừng", "Nước ép chanh leo", "Nước dừa", "Sữa đậu nành", "Nước sâm",
         "Siro dâu tằm", "Nước ép táo mèo", "Nước atiso", "Nước ép bưởi"),
        ("nguyên chất", "không đường", "hữu cơ"),
        ("Đồ uống", "Chế biến nông sản"),
        "liquid", (30_000, 150_000),
    ),
    "III.1": _W(
        5,
        ("Cao atiso", "Cao ích mẫu", "Viên tinh nghệ mật ong", "Đông trùng hạ thảo",
         "Cao giảo cổ lam", "Tinh bột nghệ", "Cao ba kích", "Nấm linh chi", "Sâm dây",
         "Viên hà thủ ô", "Cao cà gai leo"),
        ("nguyên chất", "thượng hạng", "đặc biệt"),
        ("Dược liệu", "Dược liệu sạch", "Đông y"),
        "health", (150_000, 900_000),
    ),
    "III.2": _W(
        1,
        ("Dầu gội bồ kết", "Xà phòng thảo dược", "Sữa tắm thảo dược", "Son dầu gấc",
         "Kem dưỡng nghệ", "Nước hoa hồng", "Dầu dừa tinh khiết", "Bột rửa mặt cám gạo",
         "Lá tắm người Dao"),
        ("thiên nhiên", "thảo mộc", "hữu cơ"),
        ("Mỹ phẩm thiên nhiên", "Dược liệu"),
        "cosmetic", (60_000, 400_000),
    ),
    "III.3": _W(
        3,
        ("Tinh dầu quế", "Tinh dầu sả chanh", "Tinh dầu tràm", "Tinh dầu bưởi", "Tinh dầu hồi",
         "Tinh dầu bạc hà", "Tinh dầu gừng", "Tinh dầu hoa bưởi", "Ba kích khô", "Cà gai leo khô",
         "Lá xông thảo dược"),
        ("nguyên chất", "thiên nhiên"),
        ("Tinh dầu", "Dược liệu", "Quế hồi"),
        "cosmetic", (60_000, 500_000),
    ),
    "IV.1": _W(
        5,
        ("Giỏ mây tre đan", "Bình gốm", "Nón lá", "Chiếu cói", "Tranh giấy dó", "Đèn lồng tre",
         "Khay sơn mài", "Bộ ấm chén gốm", "Đũa tre", "Giỏ lục bình", "Túi cói", "Tượng gỗ",
         "Hộp gỗ mỹ nghệ", "Thảm bèo"),
        ("thủ công", "mỹ nghệ", "làng nghề"),
        ("Mây tre đan", "Thủ công mỹ nghệ", "Gốm", "Làng nghề"),
        "craft", (60_000, 800_000),
    ),
    "IV.2": _W(
        2,
        ("Khăn thổ cẩm", "Túi thổ cẩm", "Vải thổ cẩm", "Lụa tơ tằm", "Khăn lụa", "Vải lanh",
         "Áo dài lụa", "Váy thổ cẩm", "Khăn choàng dệt tay", "Vải chàm", "Ví thổ cẩm"),
        ("dệt tay", "thủ công", "truyền thống"),
        ("Dệt thổ cẩm", "Dệt lụa", "Dệt may"),
        "textile", (80_000, 900_000),
    ),
    "V.1": _W(
        1,
        ("Hoa lan hồ điệp", "Hoa cúc", "Hoa hồng", "Hoa đào", "Hoa mai vàng", "Hoa ly",
         "Hoa đồng tiền", "Hoa lan kiếm", "Hoa sen"),
        ("cao cấp", "tuyển chọn"),
        ("Hoa cây cảnh", "Trồng hoa"),
        "flower", (80_000, 600_000), seasonal=0.5,
    ),
    "V.2": _W(
        1,
        ("Bonsai sam hương", "Cây quất cảnh", "Cây mai chiếu thủy", "Cây sứ Thái",
         "Cây bưởi cảnh", "Cây tùng la hán", "Cây đào thế", "Cây hoa giấy"),
        ("dáng thế", "nghệ thuật"),
        ("Sinh vật cảnh", "Cây cảnh"),
        "plant", (150_000, 700_000),
    ),
    "V.3": _W(
        0.3,
        ("Cá Koi", "Chim chào mào", "Cá vàng", "Gà tre", "Cá betta", "Chim họa mi", "Gà Serama"),
        ("thuần chủng", "tuyển chọn"),
        ("Sinh vật cảnh",),
        "animal", (100_000, 600_000),
    ),
    "VI.1": _W(
        1.5,
        ("Du lịch cộng đồng", "Homestay bản", "Trải nghiệm làng nghề", "Tour sinh thái miệt vườn",
         "Điểm du lịch sinh thái", "Trải nghiệm hái chè", "Tour đồng quê", "Du lịch nông nghiệp"),
        ("trọn gói", "trải nghiệm"),
        ("Du lịch cộng đồng", "Du lịch sinh thái"),
        "tour", (100_000, 400_000),
    ),
}
# fmt: on

# (surname, share in percent), about as common as in the population; the last ones are
# frequent among the Tày, Thái, Mông and Dao communities of the northern uplands.
# fmt: off
SURNAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 3.9), ("Võ", 3), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Lò", 0.5), ("Lường", 0.3), ("Hà", 0.6),
    ("Giàng", 0.3), ("Sùng", 0.2), ("Vàng", 0.2), ("Nông", 0.4), ("Triệu", 0.3), ("Ma", 0.2),
)
MIDDLE_NAMES = {
    "m": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh"),
    "f": ("Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh", "Kim", "Phương"),
}
GIVEN_NAMES = {
    "m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong",
          "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Hiếu", "Lâm"),
    "f": ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh",
          "Mai", "Ngọc", "Nhung", "Phương", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Hằng"),
}

# Two syllables make a brand: "Tâm Phát", "Hương Quê".
BRAND_FIRST = (
    "An", "Bảo", "Đại", "Hoàng", "Hồng", "Hương", "Kim", "Minh", "Phúc", "Tâm", "Thanh",
    "Thiên", "Trường", "Việt", "Xuân", "Ngọc", "Phú", "Hưng", "Đức", "Tân", "Quang", "Gia",
    "Nam", "Sơn", "Mộc", "Làng",
)
BRAND_SECOND = (
    "Phát", "Lộc", "Thịnh", "Khang", "Quê", "Xanh", "Việt", "Hà", "Nguyên", "Anh", "Long",
    "Hưng", "Thành", "Tín", "Bình", "Sen", "Lúa", "Tâm", "Mộc", "An", "Phúc", "Đạt",
)
GENERIC_TRADES = ("Nông nghiệp", "Dịch vụ nông nghiệp", "Nông sản", "Sản xuất và thương mại")

# Mobile prefixes of Viettel, VinaPhone, MobiFone and others (after +84).
MOBILE_PREFIXES = (
    "32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70", "76", "77", "78",
    "79", "81", "82", "83", "84", "85", "86", "88", "90", "91", "93", "94", "96", "97", "98",
)

# Villages are "bản" in the north-western uplands and "ấp" in the south.
UPLAND_PROVINCES = frozenset({"04", "08", "11", "12", "14", "15", "20"})
SOUTHERN_PROVINCE_FROM = "75"
VILLAGE_WORDS = ("Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Mới", "Tân Lập", "An Lạc",
                 "Bình An", "Phú Hòa", "Hòa Bình", "Na", "Pá", "Nà")
STREETS = ("Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Quang Trung", "Hùng Vương", "Lý Thường Kiệt",
           "Nguyễn Huệ", "Hai Bà Trưng", "Phan Đình Phùng", "Võ Thị Sáu")
# fmt: on
