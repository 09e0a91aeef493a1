"""The demo catalogue: OCOP products modelled on Sơn La, Bắc Kạn, Thanh Hóa, Sóc Trăng and Hòa Bình.

DEMO DATA. Product names follow well-known OCOP specialities of those places; the producers,
people, tax codes, phone numbers, decision numbers and prices are invented for the demo, except
where a brand is part of the product's public name (Nước mắm Lê Gia). Communes use the 2025
codes; the comments give the pre-2025 province where it changed.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    name: str
    price: int
    weight_grams: int
    compare_at_price: int | None = None


@dataclass(frozen=True)
class ProductSeed:
    name: str
    product_set: str  # taxonomy code of a product set
    stars: int | None  # None: no certificate
    score: int | None
    description: str
    variants: tuple[Variant, ...]
    season_months: tuple[int, ...] = ()
    status: str = "published"  # or "pending_review"
    certificate_age_days: int = 200  # how long ago the recognition decision was signed
    certificate_status: str = "verified"  # or "pending": waiting in the staff queue


@dataclass(frozen=True)
class ProducerSeed:
    slug: str
    legal_name: str
    name: str
    kind: str
    tax_body: str  # the first nine digits of the tax code; the check digit is computed
    commune: str  # 2025 commune code
    street_address: str
    phone: str
    owner_name: str
    story: str
    products: tuple[ProductSeed, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OperatorSeed:
    """An organisation that runs showrooms, with a manager and a clerk who log in."""

    key: str
    name: str
    phone: str
    email: str
    manager_email: str
    manager_name: str
    clerk_email: str
    clerk_name: str


@dataclass(frozen=True)
class ShowroomSeed:
    name: str
    commune: str
    street_address: str
    operator: str = ""  # OperatorSeed.key
    opening_hours: str = "T2–CN 7:30–21:00"
    phone: str = ""


@dataclass(frozen=True)
class PendingApplicationSeed:
    applicant_email: str
    applicant_name: str
    legal_name: str
    display_name: str
    kind: str
    tax_body: str
    commune: str
    street_address: str
    phone: str
    story: str


V = Variant
P = ProductSeed

# A data table: kept compact on purpose.
# fmt: off
PRODUCERS: tuple[ProducerSeed, ...] = (
    ProducerSeed(
        slug="htx-mien-dong-con-minh",
        legal_name="Hợp tác xã Miến dong Côn Minh",
        name="HTX Miến dong Côn Minh",
        kind="cooperative",
        tax_body="470012345",
        commune="02185",  # Xã Côn Minh, Thái Nguyên (formerly Na Rì, Bắc Kạn)
        street_address="Thôn Nà Đeng",
        phone="0912 345 601",
        owner_name="Hoàng Văn Thạch",
        story="<p>Ba mươi hộ trồng dong riềng trên đồi Côn Minh, làm miến thủ công, phơi nắng "
        "tự nhiên, không chất tẩy trắng.</p>",
        products=(
            P("Miến dong Bắc Kạn", "I.3.c", 4, 82,
              "<p>Sợi miến dai, trong, nấu không nát. Làm từ 100% tinh bột dong riềng "
              "Côn Minh.</p>",
              (V("Gói 500g", 65_000, 520), V("Gói 1kg", 120_000, 1030, 130_000),
               V("Hộp quà 3 gói 500g", 189_000, 1650))),
            P("Miến dong sợi nhỏ Côn Minh", "I.3.c", 3, 66,
              "<p>Sợi nhỏ, hợp nấu canh và xào cho trẻ nhỏ.</p>",
              (V("Gói 300g", 42_000, 320), V("Gói 500g", 68_000, 520))),
            P("Tinh bột dong riềng Na Rì", "I.3.c", 3, 61,
              "<p>Tinh bột dong riềng lọc nhiều lần, dùng làm bánh và nấu chè.</p>",
              (V("Túi 500g", 55_000, 510), V("Túi 1kg", 99_000, 1020))),
            P("Miến dong tươi Côn Minh", "I.3.c", None, None,
              "<p>Miến tươi làm trong ngày, bảo quản mát 5 ngày.</p>",
              (V("Gói 500g", 45_000, 520),), status="pending_review"),
        ),
    ),
    ProducerSeed(
        slug="tht-nghe-na-ri",
        legal_name="Tổ hợp tác Nghệ vàng Na Rì",
        name="Tổ hợp tác Nghệ Na Rì",
        kind="cooperative_group",
        tax_body="470023456",
        commune="02155",  # Xã Na Rì, Thái Nguyên (formerly Bắc Kạn)
        street_address="Bản Pò Cạu",
        phone="0978 210 602",
        owner_name="Nông Thị Lan",
        story="<p>Mười hai gia đình người Tày trồng nghệ vàng trên đất dốc, sấy lạnh để giữ "
        "curcumin.</p>",
        products=(
            P("Tinh bột nghệ Bắc Kạn", "I.3.c", 4, 78,
              "<p>Tinh bột nghệ vàng nguyên chất, tách dầu, pha với mật ong hoặc sữa.</p>",
              (V("Hũ 200g", 180_000, 260), V("Hũ 500g", 420_000, 600, 450_000))),
            P("Nghệ đen ngâm mật ong Na Rì", "I.3.d", 3, 64,
              "<p>Nghệ đen thái lát ngâm mật ong rừng.</p>",
              (V("Hũ 300ml", 165_000, 420),)),
            P("Bột nghệ sấy lạnh Na Rì", "I.4.b", 3, 58,
              "<p>Bột nghệ dùng làm gia vị nấu ăn.</p>",
              (V("Túi 100g", 35_000, 110), V("Túi 250g", 79_000, 260))),
        ),
    ),
    ProducerSeed(
        slug="cong-ty-le-gia",
        legal_name="Công ty TNHH Nước mắm Lê Gia (dữ liệu demo)",
        name="Lê Gia",
        kind="enterprise",
        tax_body="280034567",
        commune="16645",  # Phường Hải Bình, Thanh Hóa
        street_address="Làng chài Hải Thanh",
        phone="0237 386 1603",
        owner_name="Lê Văn Gia",
        story="<p>Cá cơm tươi ủ chượp với muối biển trong thùng gỗ pơ mu 12–18 tháng, theo "
        "cách làng chài Hải Thanh.</p>",
        products=(
            P("Nước mắm Lê Gia 40 độ đạm", "I.4.a", 5, 93,
              "<p>Nước mắm nhĩ cá cơm, màu cánh gián, hậu vị ngọt. Sản phẩm OCOP 5 sao.</p>",
              (V("Chai 500ml", 135_000, 800), V("Chai 1 lít", 250_000, 1450),
               V("Hộp quà 2 chai 500ml", 295_000, 1750))),
            P("Nước mắm Lê Gia 30 độ đạm", "I.4.a", 4, 84,
              "<p>Dùng nêm nếm hằng ngày.</p>",
              (V("Chai 500ml", 85_000, 800), V("Can 2 lít", 299_000, 2300))),
            P("Mắm tôm Lê Gia", "I.4.a", 4, 80,
              "<p>Mắm tôm moi xay nhuyễn, ủ nắng, thơm và ít mặn.</p>",
              (V("Hũ 200g", 38_000, 300), V("Hũ 500g", 85_000, 650))),
            P("Mắm tép Hải Thanh", "I.4.a", 3, 67,
              "<p>Mắm tép chưng thịt, đặc sản làng biển.</p>",
              (V("Hũ 300g", 65_000, 420),)),
        ),
    ),
    ProducerSeed(
        slug="htx-coi-nga-son",
        legal_name="Hợp tác xã Thủ công mỹ nghệ Cói Nga Sơn",
        name="HTX Cói Nga Sơn",
        kind="cooperative",
        tax_body="280045670",
        commune="16093",  # Xã Nga Sơn, Thanh Hóa
        street_address="Thôn Tiên Hưng",
        phone="0915 778 604",
        owner_name="Mai Thị Huệ",
        story="<p>Nghề dệt chiếu cói Nga Sơn có từ thế kỷ XV; hợp tác xã giữ khung dệt tay và "
        "nhuộm màu tự nhiên.</p>",
        products=(
            P("Chiếu cói Nga Sơn dệt tay", "IV.1", 4, 79,
              "<p>Chiếu cói se đôi, dệt tay, mát về mùa hè.</p>",
              (V("Khổ 1m6 x 2m", 450_000, 2800), V("Khổ 1m8 x 2m", 520_000, 3200))),
            P("Chiếu cói in hoa Nga Sơn", "IV.1", 3, 68,
              "<p>Chiếu cói in hoa văn đỏ truyền thống.</p>",
              (V("Khổ 1m6 x 2m", 320_000, 2700),)),
            P("Túi cói Nga Sơn", "IV.1", 3, 63,
              "<p>Túi xách cói đan tay, quai da.</p>",
              (V("Cỡ nhỏ", 120_000, 250), V("Cỡ vừa", 180_000, 350), V("Cỡ lớn", 240_000, 480))),
            P("Thảm cói tròn Nga Sơn", "IV.1", 3, 60,
              "<p>Thảm ngồi uống trà, đường kính 60 cm.</p>",
              (V("Đường kính 60cm", 150_000, 600),)),
        ),
    ),
    ProducerSeed(
        slug="htx-che-shan-tuyet-moc-chau",
        legal_name="Hợp tác xã Chè Shan tuyết Mộc Châu",
        name="HTX Chè Shan tuyết Mộc Châu",
        kind="cooperative",
        tax_body="550056789",
        commune="03980",  # Phường Mộc Châu, Sơn La
        street_address="Tiểu khu 40",
        phone="0988 123 605",
        owner_name="Đinh Văn Páo",
        story="<p>Những cây chè Shan tuyết cổ thụ trên cao nguyên Mộc Châu, hái một tôm hai lá, "
        "sao chảo gang.</p>",
        products=(
            P("Chè Shan tuyết Mộc Châu", "I.5.a", 5, 91,
              "<p>Chè xanh Shan tuyết cổ thụ, nước vàng sánh, vị chát dịu, hậu ngọt.</p>",
              (V("Hộp 100g", 150_000, 180), V("Hộp 200g", 280_000, 320),
               V("Túi 500g", 650_000, 560))),
            P("Hồng trà Shan tuyết Mộc Châu", "I.5.a", 4, 83,
              "<p>Hồng trà lên men tự nhiên từ búp chè Shan tuyết.</p>",
              (V("Hộp 100g", 180_000, 180),)),
            P("Trà ô long Mộc Châu", "I.5.a", 4, 76,
              "<p>Ô long viên trồng ở độ cao 1.000 m.</p>",
              (V("Hộp 200g", 220_000, 300), V("Túi 500g", 480_000, 540))),
            P("Trà giảo cổ lam Mộc Châu", "I.5.b", 3, 62,
              "<p>Giảo cổ lam sấy khô, pha uống hằng ngày.</p>",
              (V("Túi 200g", 90_000, 220),)),
        ),
    ),
    ProducerSeed(
        slug="hkd-man-hau-na-ka",
        legal_name="Hộ kinh doanh Lò Văn Sơn",
        name="Mận hậu Nà Ka",
        kind="household",
        tax_body="550067891",
        commune="03979",  # Phường Mộc Sơn, Sơn La
        street_address="Bản Nà Ka",
        phone="0868 456 606",
        owner_name="Lò Văn Sơn",
        story="<p>Vườn mận hậu hai hecta của gia đình, hái chín tới, giao trong ngày.</p>",
        products=(
            P("Mận hậu Mộc Châu", "I.1.a", 3, 65,
              "<p>Mận hậu giòn, ngọt đậm, vỏ phủ phấn. Chỉ có từ tháng 5 đến tháng 7.</p>",
              (V("Thùng 2kg", 90_000, 2200), V("Thùng 5kg", 210_000, 5300)),
              season_months=(5, 6, 7)),
            P("Mận sấy dẻo Mộc Châu", "I.3.c", 3, 63,
              "<p>Mận hậu sấy dẻo, không đường hóa học.</p>",
              (V("Túi 250g", 65_000, 270), V("Túi 500g", 120_000, 520))),
            P("Bơ sáp Mộc Châu", "I.1.a", 3, 57,
              "<p>Bơ sáp dẻo, béo, chín vào mùa hè.</p>",
              (V("Thùng 2kg", 110_000, 2200),), season_months=(6, 7, 8, 9)),
            P("Rượu mận Mộc Châu", "II.1.b", 3, 60,
              "<p>Rượu mận ngâm từ mận hậu chín.</p>",
              (V("Chai 500ml", 120_000, 900),)),
        ),
    ),
    ProducerSeed(
        slug="cong-ty-ca-phe-son-la",
        legal_name="Công ty Cổ phần Cà phê Cao nguyên Sơn La (dữ liệu demo)",
        name="Cà phê Cao nguyên Sơn La",
        kind="enterprise",
        tax_body="550078901",
        commune="03721",  # Xã Thuận Châu, Sơn La
        street_address="Bản Co Mạ",
        phone="0212 385 0607",
        owner_name="Vì Thị Hương",
        story="<p>Arabica trồng dưới tán rừng ở độ cao 1.200 m, chế biến ướt, rang mộc.</p>",
        products=(
            P("Cà phê Arabica Sơn La rang mộc", "I.6", 4, 85,
              "<p>Hạt Arabica Catimor rang mộc mức vừa, hương trái cây, vị chua thanh.</p>",
              (V("Túi 250g hạt", 110_000, 270), V("Túi 500g hạt", 195_000, 520),
               V("Túi 500g xay phin", 195_000, 520))),
            P("Cà phê Arabica Sơn La đặc sản", "I.6", 5, 92,
              "<p>Lô đặc sản chấm trên 84 điểm SCA, sơ chế mật ong.</p>",
              (V("Túi 250g", 240_000, 270),)),
            P("Cà phê hòa tan Arabica Sơn La", "I.6", 3, 59,
              "<p>Cà phê hòa tan 3 trong 1 từ hạt Arabica.</p>",
              (V("Hộp 20 gói", 85_000, 400),)),
        ),
    ),
    ProducerSeed(
        slug="hkd-banh-pia-my-xuyen",
        legal_name="Hộ kinh doanh Trần Thị Mỹ",
        name="Bánh pía Mỹ Xuyên",
        kind="household",
        tax_body="220089012",
        commune="31684",  # Phường Mỹ Xuyên, Cần Thơ (formerly Sóc Trăng)
        street_address="Số 12 đường Trần Hưng Đạo",
        phone="0939 112 608",
        owner_name="Trần Thị Mỹ",
        story="<p>Lò bánh pía ba thế hệ người Hoa ở Mỹ Xuyên, vỏ cán tay nhiều lớp.</p>",
        products=(
            P("Bánh pía Sóc Trăng sầu riêng trứng muối", "I.3.b", 4, 77,
              "<p>Bánh pía nhân đậu xanh, sầu riêng và trứng muối.</p>",
              (V("Hộp 4 cái (400g)", 75_000, 450), V("Hộp 8 cái (800g)", 145_000, 880))),
            P("Bánh pía kim sa Sóc Trăng", "I.3.b", 3, 69,
              "<p>Bánh pía mini nhân kim sa chảy.</p>",
              (V("Hộp 12 cái", 95_000, 520),)),
            P("Bánh in Mỹ Xuyên", "I.3.b", 3, 56,
              "<p>Bánh in nhân đậu xanh, làm theo lối xưa.</p>",
              (V("Hộp 10 cái", 55_000, 350),)),
            P("Lạp xưởng tươi Mỹ Xuyên", "I.3.d", 3, 62,
              "<p>Lạp xưởng thịt heo nạc, ít mỡ, phơi nắng.</p>",
              (V("Gói 500g", 135_000, 520),)),
        ),
    ),
    ProducerSeed(
        slug="htx-lua-gao-long-phu",
        legal_name="Hợp tác xã Nông nghiệp Lúa gạo Long Phú",
        name="HTX Lúa gạo Long Phú",
        kind="cooperative",
        tax_body="220090123",
        commune="31639",  # Xã Long Phú, Cần Thơ (formerly Sóc Trăng)
        street_address="Ấp Tân Qui",
        phone="0907 334 609",
        owner_name="Lâm Văn Tèo",
        story="<p>Sáu mươi hộ trồng lúa ST25 trên đất luân canh tôm – lúa, không thuốc diệt "
        "cỏ.</p>",
        products=(
            P("Gạo ST25 Sóc Trăng", "I.2.a", 4, 86,
              "<p>Gạo ST25 hạt dài, cơm dẻo thơm mùi lá dứa.</p>",
              (V("Túi 2kg", 78_000, 2050), V("Túi 5kg", 185_000, 5100, 199_000))),
            P("Gạo ST25 lúa tôm Long Phú", "I.2.a", 5, 90,
              "<p>Gạo ST25 trồng trên ruộng nuôi tôm, canh tác hữu cơ.</p>",
              (V("Túi 5kg", 230_000, 5100),)),
            P("Gạo lứt ST25 Long Phú", "I.2.a", 3, 64,
              "<p>Gạo lứt đỏ ST25 giữ cám.</p>",
              (V("Túi 1kg", 55_000, 1030), V("Túi 2kg", 98_000, 2050))),
            # Its certificate waits for staff verification, so it shows no stars yet.
            P("Bánh tráng gạo ST25", "I.3.b", 3, 55,
              "<p>Bánh tráng phơi sương từ gạo ST25.</p>",
              (V("Xấp 500g", 45_000, 520),), certificate_status="pending"),
        ),
    ),
    ProducerSeed(
        slug="tht-tho-cam-ban-lac",
        legal_name="Tổ hợp tác Dệt thổ cẩm Bản Lác",
        name="Thổ cẩm Bản Lác",
        kind="cooperative_group",
        tax_body="230001234",
        commune="05200",  # Xã Mai Châu, Phú Thọ (formerly Hòa Bình)
        street_address="Bản Lác",
        phone="0975 667 610",
        owner_name="Hà Thị Xuân",
        story="<p>Phụ nữ Thái bản Lác dệt thổ cẩm trên khung cửi, nhuộm chàm và vỏ cây.</p>",
        products=(
            P("Khăn thổ cẩm Bản Lác", "IV.2", 3, 68,
              "<p>Khăn quàng dệt tay hoa văn Thái trắng.</p>",
              (V("Khăn 30 x 180cm", 250_000, 200), V("Khăn 50 x 200cm", 380_000, 320))),
            P("Túi thổ cẩm Bản Lác", "IV.2", 3, 66,
              "<p>Túi đeo chéo may từ vải dệt tay.</p>",
              (V("Túi nhỏ", 180_000, 200), V("Túi lớn", 290_000, 350))),
            P("Váy thổ cẩm Mai Châu", "IV.2", 4, 72,
              "<p>Váy dài phối thổ cẩm, may đo theo cỡ.</p>",
              (V("Cỡ S", 650_000, 500), V("Cỡ M", 650_000, 520), V("Cỡ L", 690_000, 550))),
            P("Thổ cẩm Bản Lác", "IV.2", 3, 61,
              "<p>Vải thổ cẩm dệt tay khổ 40 cm, bán theo mét, để may túi, gối, váy.</p>",
              (V("1 mét", 160_000, 150), V("Cuộn 5 mét", 750_000, 700))),
        ),
    ),
    ProducerSeed(
        slug="htx-thuy-san-song-da",
        legal_name="Hợp tác xã Thủy sản Sông Đà",
        name="HTX Thủy sản Sông Đà",
        kind="cooperative",
        tax_body="230012345",
        commune="04831",  # Xã Đà Bắc, Phú Thọ (formerly Hòa Bình)
        street_address="Xóm Bưa",
        phone="0966 889 611",
        owner_name="Xa Văn Hùng",
        story="<p>Cá nuôi lồng trên hồ Hòa Bình, nước sạch chảy liên tục.</p>",
        products=(
            P("Cá Sông Đà nướng", "I.3.d", 3, 67,
              "<p>Cá lăng nướng than hoa, ướp mắc khén.</p>",
              (V("Gói 300g", 210_000, 330), V("Gói 500g", 340_000, 540))),
            P("Cá Sông Đà khô", "I.3.d", 3, 63,
              "<p>Cá suối phơi một nắng.</p>",
              (V("Gói 500g", 280_000, 520),)),
            P("Cá lăng Sông Đà tươi", "I.1.b", 4, 74,
              "<p>Cá lăng làm sạch, đóng túi hút chân không, giao lạnh.</p>",
              (V("Túi 1kg", 320_000, 1100),)),
        ),
    ),
    ProducerSeed(
        slug="hkd-mat-ong-van-ho",
        legal_name="Hộ kinh doanh Mùa A Sử",
        name="Mật ong Vân Hồ",
        kind="household",
        tax_body="550023450",
        commune="04048",  # Xã Vân Hồ, Sơn La
        street_address="Bản Hua Tạt",
        phone="0359 221 612",
        owner_name="Mùa A Sử",
        story="<p>Ong nội đặt trong rừng nguyên sinh Vân Hồ, quay mật mỗi năm hai vụ.</p>",
        products=(
            # Deliberately mismatched: the national portal's recorded answer (vendors/
            # national_registry/recorded) gives this decision 3 stars, so the cross-check with
            # the national system flags this 4-star certificate for staff.
            P("Mật ong rừng Vân Hồ", "I.2.b", 4, 81,
              "<p>Mật ong bạc hà và hoa rừng, độ ẩm dưới 20%.</p>",
              (V("Chai 500ml", 280_000, 780), V("Chai 1 lít", 520_000, 1500))),
            P("Mật ong hoa nhãn Vân Hồ", "I.2.b", 3, 60,
              "<p>Mật ong hoa nhãn, vị thanh.</p>",
              (V("Chai 500ml", 180_000, 780),)),
            P("Sáp ong Vân Hồ", "I.2.b", 3, 52,
              "<p>Sáp ong nguyên chất dùng làm nến, son.</p>",
              (V("Bánh 200g", 90_000, 210),)),
        ),
    ),
    ProducerSeed(
        slug="hkd-ruou-can-tan-lac",
        legal_name="Hộ kinh doanh Bùi Văn Khang",
        name="Rượu cần Tân Lạc",
        kind="household",
        tax_body="230034560",
        commune="05128",  # Xã Tân Lạc, Phú Thọ (formerly Hòa Bình)
        street_address="Xóm Mớ Đá",
        phone="0387 445 613",
        owner_name="Bùi Văn Khang",
        story="<p>Rượu cần men lá của người Mường, ủ trong chum sành.</p>",
        products=(
            # The only certificate of the demo that has expired: the product shows no stars.
            P("Rượu cần Mường Tân Lạc", "II.1.b", 3, 64,
              "<p>Rượu cần men lá, ủ ba tháng.</p>",
              (V("Bình 2 lít", 250_000, 3500), V("Bình 5 lít", 520_000, 7200)),
              certificate_age_days=1230),
            P("Rượu ngô men lá Tân Lạc", "II.1.a", 3, 59,
              "<p>Rượu ngô nấu thủ công, 35 độ.</p>",
              (V("Chai 500ml", 95_000, 900),)),
            P("Tinh dầu sả Tân Lạc", "III.3", 3, 57,
              "<p>Tinh dầu sả chanh chưng cất hơi nước.</p>",
              (V("Lọ 50ml", 85_000, 120), V("Lọ 100ml", 150_000, 200))),
        ),
    ),
)
# fmt: on

OPERATORS: tuple[OperatorSeed, ...] = (
    OperatorSeed(
        key="son-la",
        name="Trung tâm Xúc tiến Thương mại tỉnh Sơn La (demo)",
        phone="0212 385 2201",
        email="xttm.sonla@ocop.demo",
        manager_email="quanly.sonla@ocop.demo",
        manager_name="Lò Văn Quản",
        clerk_email="banhang.sonla@ocop.demo",
        clerk_name="Cầm Thị Thu",
    ),
    OperatorSeed(
        key="lien-hiep",
        name="Liên hiệp HTX Nông sản OCOP Bắc Trung Bộ (demo)",
        phone="0237 385 6612",
        email="lienhiep.ocop@ocop.demo",
        manager_email="quanly.lienhiep@ocop.demo",
        manager_name="Lê Văn Hùng",
        clerk_email="banhang.lienhiep@ocop.demo",
        clerk_name="Nguyễn Thị Lan",
    ),
)

SHOWROOMS: tuple[ShowroomSeed, ...] = (
    ShowroomSeed("Điểm giới thiệu và bán sản phẩm OCOP Sơn La", "03646", "Số 8 đường Tô Hiệu",
                 operator="son-la", phone="0212 385 2202"),
    ShowroomSeed("Điểm giới thiệu và bán sản phẩm OCOP Thanh Hóa", "14797", "Số 25 đại lộ Lê Lợi",
                 operator="lien-hiep", phone="0237 385 6613"),
    ShowroomSeed("Điểm giới thiệu và bán sản phẩm OCOP Hà Nội", "00070", "Số 2 phố Hàng Khay",
                 operator="lien-hiep", phone="024 3825 1116"),
)  # fmt: skip

PENDING_APPLICATION = PendingApplicationSeed(
    applicant_email="duoc-lieu-ba-be@ocop.demo",
    applicant_name="Triệu Thị Mai",
    legal_name="Hợp tác xã Dược liệu Ba Bể",
    display_name="HTX Dược liệu Ba Bể",
    kind="cooperative",
    tax_body="470045671",
    commune="01906",  # Xã Ba Bể, Thái Nguyên (formerly Bắc Kạn)
    street_address="Thôn Pác Ngòi",
    phone="0912 998 614",
    story="<p>Trồng và sấy cây thuốc của người Dao đỏ quanh hồ Ba Bể.</p>",
)
