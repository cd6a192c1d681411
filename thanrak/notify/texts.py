"""The default texts of each kind (Thai first, short, baht and B.E. dates); the national manager's
edits (Template rows) take their place."""

DEFAULTS: dict[str, tuple[str, str]] = {
    "installment_due": (
        "ธันรักษ์: {fund} งวดกู้ {loan} ครบกำหนด {date} ยอด {amount} บาท",
        "Thanrak: {fund} loan {loan} installment due {date}, {amount} baht",
    ),
    "installment_overdue": (
        "ธันรักษ์: {fund} งวดกู้ {loan} เลยกำหนด {days} วัน (ครบ {date}) ค้าง {amount} บาท",
        "Thanrak: {fund} loan {loan} installment {days} days overdue (due {date}), {amount} baht",
    ),
    "loan_decision": (
        "ธันรักษ์: {fund} คำขอกู้ {loan} {amount} บาท ผล: {decision}",
        "Thanrak: {fund} loan application {loan} for {amount} baht: {decision}",
    ),
    "savings_due": (
        "ธันรักษ์: {fund} วันรับเงินออม {date} สัจจะเดือนนี้ {amount} บาท",
        "Thanrak: {fund} savings collection day {date}, this month's savings {amount} baht",
    ),
    "savings_missed": (
        "ธันรักษ์: {fund} ยังไม่ได้รับเงินออมสัจจะเดือนนี้ {amount} บาท (วันรับ {date})",
        "Thanrak: {fund} this month's savings of {amount} baht not yet received (collection day {date})",
    ),
    "money_received": (
        "ธันรักษ์: {fund} ได้รับเงิน {amount} บาท ({what}) วันที่ {date}",
        "Thanrak: {fund} received {amount} baht ({what}) on {date}",
    ),
    "dividend_paid": (
        "ธันรักษ์: {fund} จ่ายเงินปันผลและเงินเฉลี่ยคืนให้ท่าน {amount} บาท วันที่ {date}",
        "Thanrak: {fund} paid you {amount} baht of dividend and refund on {date}",
    ),
    "order_status": (
        "ธันรักษ์: คำสั่งซื้อ {order} จาก {shop} สถานะ: {status}",
        "Thanrak: order {order} from {shop} is now: {status}",
    ),
    "order_new": (
        "ธันรักษ์: {shop} มีคำสั่งซื้อใหม่ {order} ยอด {amount} บาท",
        "Thanrak: {shop} has a new order {order} for {amount} baht",
    ),
    "survey_assignment": (
        "ธันรักษ์: ท่านได้รับมอบหมายเก็บข้อมูล {round} หมู่บ้าน {village}",
        "Thanrak: you are assigned to collect {round} in village {village}",
    ),
    "visit_due": (
        "ธันรักษ์: ถึงเวลาเยี่ยมครัวเรือน {household} (เยี่ยมล่าสุด {date})",
        "Thanrak: time to visit household {household} (last visit {date})",
    ),
    "training_enrolled": (
        "ธันรักษ์: ท่านลงทะเบียนอบรม {course} วันที่ {date} ที่ {place}",
        "Thanrak: you are enrolled in {course} on {date} at {place}",
    ),
    "training_tomorrow": (
        "ธันรักษ์: พรุ่งนี้ {date} เวลา {time} อบรม {course} ที่ {place}",
        "Thanrak: tomorrow {date} at {time}, training {course} at {place}",
    ),
    "booking_confirmed": (
        "ธันรักษ์: จอง {equipment} วันที่ {date} เวลา {time} เรียบร้อย",
        "Thanrak: {equipment} is booked for {date} at {time}",
    ),
}
PLACEHOLDERS = (
    "fund",
    "loan",
    "date",
    "amount",
    "days",
    "decision",
    "what",
    "order",
    "shop",
    "status",
    "round",
    "village",
    "household",
    "course",
    "place",
    "time",
    "equipment",
)
