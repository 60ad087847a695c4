"""Test articles for the ingest, written for these tests in the newspaper's style: invented
bodies ("Hội đồng Thử nghiệm tỉnh") and officials with obviously test names."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "ingest_samples"
SAMPLE_TXT = SAMPLES / "hoi-dong-thu-nghiem.vi.txt"
SAMPLE_HTML = SAMPLES / "hoi-dong-thu-nghiem.vi.html"
SAMPLE_PEOPLE = {"Nguyễn Thử Một", "Trần Thử Hai", "Lê Thị Thử Ba", "Phạm Văn Thử Bốn"}


def sample_text() -> str:
    return SAMPLE_TXT.read_text("utf-8")


SECOND_TXT = SAMPLES / "so-thu-nghiem-so-ket.vi.txt"
SECOND_PEOPLE = {"Hoàng Thử Sáu", "Vũ Thị Thử Bảy", "Đỗ Văn Thử Tám"}
