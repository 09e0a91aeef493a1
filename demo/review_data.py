"""DEMO DATA: invented shoppers and what they wrote about the demo products.

Texts are chosen by the stars given; the producers' replies by whether the review was happy.
Two reviews are held for staff by the text checks (a phone number, a link), so that the admin's
moderation queue has work in it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ShopperSeed:
    email: str
    full_name: str
    phone: str
    street_address: str
    province: str  # two-digit code; the first commune of it is the address's
    orders: int = 1  # orders placed, each of a few products from several producers


REVIEWERS = (
    ShopperSeed("lan.nguyen@ocop.demo", "Nguyễn Thị Lan", "0912000101", "12 Phố Huế", "01", 2),
    ShopperSeed("minh.tran@ocop.demo", "Trần Văn Minh", "0912000102", "45 Lê Lợi", "79", 2),
    ShopperSeed("hoa.le@ocop.demo", "Lê Thị Hoa", "0912000103", "8 Trần Phú", "48"),
    ShopperSeed("tuan.pham@ocop.demo", "Phạm Anh Tuấn", "0912000104", "20 Nguyễn Trãi", "31"),
    ShopperSeed("mai.vo@ocop.demo", "Võ Ngọc Mai", "0912000105", "3 Hùng Vương", "92"),
    ShopperSeed("hung.dang@ocop.demo", "Đặng Quốc Hùng", "0912000106", "67 Bà Triệu", "01"),
    ShopperSeed("thao.bui@ocop.demo", "Bùi Phương Thảo", "0912000107", "15 Lý Thường Kiệt", "38"),
)

# How many stars the demo shoppers give, as weights (most OCOP buyers are pleased).
STAR_WEIGHTS = {5: 50, 4: 30, 3: 12, 2: 5, 1: 3}
REVIEWED_SHARE = 0.8  # of the delivered lines; the rest still offer "Viết đánh giá"
PHOTO_SHARE = 0.2
REPLIED_SHARE = 0.5  # of the happy reviews; every unhappy one gets a reply

TEXTS = {
    5: (
        ("Rất đáng tiền", "Sản phẩm đúng như mô tả, đóng gói cẩn thận, giao hàng nhanh."),
        ("Tuyệt vời", "Mua lần thứ hai rồi, chất lượng vẫn đều. Cả nhà đều thích."),
        ("Hàng chuẩn OCOP", "Hương vị đặc trưng của vùng, mua làm quà ai cũng khen."),
        ("Sẽ ủng hộ tiếp", "Shop tư vấn nhiệt tình, hàng mới, hạn sử dụng còn dài."),
        ("", "Chất lượng tốt hơn mong đợi. Cảm ơn nhà sản xuất!"),
    ),
    4: (
        ("Khá tốt", "Chất lượng ổn, giá hợp lý. Giao hàng hơi chậm một chút."),
        ("Hài lòng", "Sản phẩm ngon, bao bì đẹp. Mong có thêm loại túi nhỏ."),
        ("", "Dùng thấy ổn, sẽ mua lại nếu có khuyến mãi."),
    ),
    3: (
        ("Tạm được", "Chất lượng bình thường, chưa thấy khác biệt nhiều so với hàng chợ."),
        ("", "Hàng đến đủ nhưng hộp bị móp nhẹ."),
    ),
    2: (("Chưa như kỳ vọng", "Vị hơi nhạt so với lần mua trước, đóng gói sơ sài."),),
    1: (("Không hài lòng", "Hàng giao thiếu một gói, nhắn tin mãi mới được trả lời."),),
}

HELD_TEXTS = (  # what the text checks hold for staff: a phone number, then a link
    ("Mua sỉ liên hệ", "Ai cần mua số lượng lớn gọi mình 0987 654 321, giá rẻ hơn trên sàn."),
    ("Xem thêm", "Nhiều mẫu hơn ở chotot-ocop.vn, mọi người vào xem nhé."),
)

HAPPY_REPLIES = (
    "Cảm ơn anh/chị đã tin dùng sản phẩm của {vendor}! Hẹn gặp lại anh/chị ở đơn sau.",
    "{vendor} rất vui khi sản phẩm vừa ý anh/chị. Chúc gia đình mình mạnh khỏe!",
)
UNHAPPY_REPLIES = (
    "{vendor} xin lỗi anh/chị vì trải nghiệm chưa tốt. Chúng tôi đã nhắn tin để đổi hàng "
    "và sẽ kiểm tra lại khâu đóng gói.",
    "Cảm ơn góp ý của anh/chị. {vendor} đã ghi nhận và sẽ cải thiện ở các lô sau.",
)

REPORT_REASON = "Nội dung không đúng với sản phẩm tôi đã mua."
