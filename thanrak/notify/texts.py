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
}
PLACEHOLDERS = ("fund", "loan", "date", "amount", "days", "decision")
