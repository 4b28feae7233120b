import pytest

from bot.understanding import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Цифрлық даму министрі Telegram командасымен ынтымақтастыққа дайын екенін айтты.", "kk"),
        ("Министерство цифрового развития опровергло информацию о запрете мессенджеров.", "ru"),
        ("معاون وزیر ارتباطات گفت که پیام‌رسان‌های داخلی حمایت می‌شوند.", "fa"),
        ("قررت الحكومة حظر تطبيق واتساب في البلاد بسبب المخاوف الأمنية.", "ar"),
        ("Iran's judiciary has banned the use of the Telegram messaging app.", "en"),
        ("Україна обмежила доступ до російських соціальних мереж.", "uk"),
        ("Беларусь заблакавала доступ да сайтаў і ўлада гэта пацвердзіла.", "be"),
        ("Oʻzbekiston hukumati Telegram bilan hamkorlik qilish haqida xabar berdi.", "uz"),
        ("Türkiye, sosyal medya platformlarına erişim yasağı getirdi.", "tr"),
        ("Azərbaycanda Telegram-a qadağa qoyulub, deyə nazirlik bildirib.", "az"),
        ("Qazaqstanda Telegram messendjeriniñ jumısı şekteldi, dep mälimdedi ministrlik.", "kk"),
        ("Qazaqstanda telegram-arnalar tirkeýden ótýge mindetteledi, dep habarlady mınıstrlik.", "kk"),
        ("Ҳукумати Тоҷикистон дастрасиро ба Viber маҳдуд кард.", "tg"),
        ("Кыргызстанда мессенджерлерге бөгөт коюлду деп маалымат берилди.", "ky"),
        ("中国政府屏蔽了WhatsApp和Telegram。", "zh"),
    ],
)
def test_language_is_recognised_from_a_sentence(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_russian_text_quoting_a_kazakh_name_stays_russian() -> None:
    text = (
        "Министр цифрового развития Жаслан Мәдиев заявил журналистам, что никакой блокировки "
        "зарубежных мессенджеров в республике не планируется и все сервисы работают штатно."
    )
    assert detect_language(text) == "ru"


def test_persian_typed_with_arabic_yeh_and_kaf_stays_persian() -> None:
    assert detect_language("اين پيام‌رسان را مسدود كرده است و کاربران نگران هستند") == "fa"


def test_a_single_kazakh_word_is_kazakh() -> None:
    assert detect_language("Қазақстан") == "kk"


@pytest.mark.parametrize("text", ["", "   ", "12345 ,.!", "😀"])
def test_text_without_letters_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"
