"""Deterministic, realistic synthetic demo data: cached orders and inbound buyer messages.

``generate(now, seed)`` returns the same :class:`DemoData` for the same ``(now, seed)``: every
random choice comes from one ``random.Random(seed)``, nothing iterates a set, and no global
state is touched.  Pure Python, no database: the ``demo`` service stores what this returns.

The data tells the story of a small consumer-electronics / home-goods seller whose account was
suspended about a week ago:

* about 300 orders over the last 45 days on seven marketplaces (US, UK, DE, FR, IT, ES, JP), FBA
  (``AFN``) and FBM (``MFN``); FBM shipping has been paused since the suspension, so many recent
  ``MFN`` orders are ``Unshipped`` past their latest ship date;
* about 100 inbound messages over the last 72 hours, most relayed by Amazon from the buyer's
  anonymized alias, in the marketplace's language, plus a few plain e-mails.  Some threads have
  2-3 messages (a where-is-my-order question escalating to an A-to-z threat), some are red
  flags (lawyer, fire, chargeback, high value) and some only look like one (a fireplace screen,
  a buyer who is an attorney, a "burnt orange" colour).

Message bodies hold the buyer's own text (what an agent reads), not Amazon's relay frame.
``DemoData.labels`` gives each message's expected category and red flags, for evaluating the
classifier; ``DemoData.languages`` gives each message's language (ISO 639-1).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable, Final

from warroom.records import MessageRecord, OrderItemRecord, OrderRecord

__all__ = [
    "CATEGORIES",
    "DEFAULT_SEED",
    "DemoData",
    "FLAGS",
    "HIGH_VALUE_THRESHOLDS",
    "MARKETPLACES",
    "MESSAGE_ID_DOMAIN",
    "MESSAGE_WINDOW",
    "Marketplace",
    "ORDER_WINDOW",
    "SELLER_ADDRESS",
    "generate",
]

UTC: Final = timezone.utc
DEFAULT_SEED: Final = 20261123
SELLER_ADDRESS: Final = "support@seller.example"
MESSAGE_ID_DOMAIN: Final = "demo.warroom.invalid"
ORDER_WINDOW: Final = timedelta(days=45)      # purchase dates lie within this window before now
MESSAGE_WINDOW: Final = timedelta(hours=72)   # messages are received within this window

CATEGORIES: Final = frozenset({
    "REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE",
    "A-TO-Z", "CHARGEBACK", "COMPLAINT", "OTHER",
})
FLAGS: Final = frozenset({"LEGAL", "SAFETY", "A-TO-Z", "CHARGEBACK", "HIGH-VALUE"})

# A disputed order at or above these totals is HIGH-VALUE (the domain's default is USD 500;
# the others are round local equivalents).  Messages on orders between 80 % of the threshold
# and the threshold are never generated, so a classifier that converts currencies cannot
# disagree with the labels.
HIGH_VALUE_THRESHOLDS: Final[dict[str, Decimal]] = {
    "USD": Decimal("500"), "EUR": Decimal("500"), "GBP": Decimal("400"), "JPY": Decimal("80000"),
}
_LOW_VALUE_FACTOR: Final = Decimal("0.8")


@dataclass(frozen=True)
class DemoData:
    orders: list[OrderRecord]                              # sorted by purchase_date ascending
    messages: list[MessageRecord]                          # sorted by received_at ascending
    labels: dict[str, tuple[str, frozenset[str]]]          # message_id -> (category, red flags)
    languages: dict[str, str]                              # message_id -> "en", "de", "fr", ...


@dataclass(frozen=True)
class Marketplace:
    code: str
    sales_channel: str
    currency: str
    language: str
    relay_domain: str
    order_prefixes: tuple[str, ...]
    utc_offset: int                 # hours, standard time: buyers' daytime and ship deadlines
    weight: int                     # share of orders


MARKETPLACES: Final[tuple[Marketplace, ...]] = (
    Marketplace("US", "Amazon.com", "USD", "en", "marketplace.amazon.com",
                ("111", "112", "113", "114"), -6, 34),
    Marketplace("DE", "Amazon.de", "EUR", "de", "marketplace.amazon.de",
                ("302", "303", "304", "305", "306"), 1, 20),
    Marketplace("UK", "Amazon.co.uk", "GBP", "en", "marketplace.amazon.co.uk",
                ("202", "203", "204", "205", "206"), 0, 14),
    Marketplace("JP", "Amazon.co.jp", "JPY", "ja", "marketplace.amazon.co.jp",
                ("249", "250", "503"), 9, 11),
    Marketplace("FR", "Amazon.fr", "EUR", "fr", "marketplace.amazon.fr",
                ("402", "403", "404", "405", "407"), 1, 8),
    Marketplace("IT", "Amazon.it", "EUR", "it", "marketplace.amazon.it",
                ("402", "403", "405", "406", "408"), 1, 7),
    Marketplace("ES", "Amazon.es", "EUR", "es", "marketplace.amazon.es",
                ("402", "404", "406", "407", "408"), 1, 6),
)
_MARKET: Final[dict[str, Marketplace]] = {m.code: m for m in MARKETPLACES}


# --------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Product:
    key: str
    sku: str
    asin: str
    weight: float
    prices: tuple[str, str, str, str]     # USD, EUR, GBP, JPY
    titles: dict[str, str]                # en, de, fr, it, es, ja (optional en-GB)
    short: tuple[str, str]                # how a buyer names it: English, Japanese
    max_qty: int = 3

    def price(self, currency: str) -> Decimal:
        return Decimal(self.prices[("USD", "EUR", "GBP", "JPY").index(currency)])

    def title(self, market: Marketplace) -> str:
        if market.code == "UK" and "en-GB" in self.titles:
            return self.titles["en-GB"]
        return self.titles[market.language]


def _titles(en: str, de: str, fr: str, it: str, es: str, ja: str, **extra: str) -> dict[str, str]:
    titles = {"en": en, "de": de, "fr": fr, "it": it, "es": es, "ja": ja}
    titles.update({k.replace("_", "-"): v for k, v in extra.items()})
    return titles


_CATALOGUE: Final[tuple[_Product, ...]] = (
    _Product("charger", "WR-GAN65-3P", "B0CH7Q2XMV", 11, ("39.99", "39.99", "34.99", "4980"), _titles(
        "65W USB-C GaN Charger, 3-Port Fast Wall Charger",
        "65W USB-C GaN Ladegerät, 3-Port Schnellladegerät",
        "Chargeur GaN USB-C 65 W, chargeur secteur rapide 3 ports",
        "Caricatore GaN USB-C 65 W, caricatore da parete rapido a 3 porte",
        "Cargador GaN USB-C de 65 W, cargador de pared rápido de 3 puertos",
        "65W USB-C GaN 充電器 3ポート 急速充電"), ("charger", "充電器")),
    _Product("powerbank", "WR-PB20K-PD", "B0BZ4K8RTN", 9, ("32.99", "29.99", "27.99", "3980"), _titles(
        "20000mAh Power Bank, 22.5W USB-C PD Portable Charger",
        "Powerbank 20000 mAh, 22,5 W USB-C PD",
        "Batterie externe 20000 mAh, USB-C PD 22,5 W",
        "Power bank 20000 mAh, USB-C PD 22,5 W",
        "Batería externa 20000 mAh, USB-C PD 22,5 W",
        "モバイルバッテリー 20000mAh 22.5W USB-C PD対応"), ("power bank", "モバイルバッテリー")),
    _Product("cable", "WR-CBL-C2M-2P", "B0C1M9W6PZ", 12, ("12.99", "11.99", "10.99", "1480"), _titles(
        "USB-C to USB-C Cable 100W, 2 m, Braided (2-Pack)",
        "USB-C auf USB-C Kabel 100 W, 2 m, geflochten (2 Stück)",
        "Câble USB-C vers USB-C 100 W, 2 m, tressé (lot de 2)",
        "Cavo da USB-C a USB-C 100 W, 2 m, intrecciato (confezione da 2)",
        "Cable USB-C a USB-C 100 W, 2 m, trenzado (pack de 2)",
        "USB-C to USB-C ケーブル 100W 2m 編み込み 2本セット"), ("cables", "ケーブル")),
    _Product("earbuds", "WR-EB-ANC2", "B0CKX3V7LD", 8, ("79.99", "79.99", "69.99", "9980"), _titles(
        "Wireless Earbuds Pro 2, Active Noise Cancelling, 40h Playtime",
        "Kabellose In-Ear-Kopfhörer Pro 2 mit aktiver Geräuschunterdrückung",
        "Écouteurs sans fil Pro 2 à réduction de bruit active",
        "Auricolari wireless Pro 2 con cancellazione attiva del rumore",
        "Auriculares inalámbricos Pro 2 con cancelación activa de ruido",
        "ワイヤレスイヤホン Pro 2 アクティブノイズキャンセリング"), ("earbuds", "イヤホン"), 2),
    _Product("speaker", "WR-SPK-X5", "B0B8TR5NQH", 6, ("45.99", "42.99", "39.99", "5480"), _titles(
        "Portable Bluetooth Speaker X5, IPX7 Waterproof",
        "Tragbarer Bluetooth-Lautsprecher X5, wasserdicht IPX7",
        "Enceinte Bluetooth portable X5, étanche IPX7",
        "Altoparlante Bluetooth portatile X5, impermeabile IPX7",
        "Altavoz Bluetooth portátil X5, resistente al agua IPX7",
        "ポータブル Bluetooth スピーカー X5 IPX7防水"), ("speaker", "スピーカー"), 2),
    _Product("lamp", "WR-LMP-QI10", "B0C5PL2JYF", 6, ("49.99", "46.99", "42.99", "5980"), _titles(
        "LED Desk Lamp with Wireless Charger, Dimmable, 5 Color Modes",
        "LED-Schreibtischlampe mit kabelloser Ladefunktion, dimmbar",
        "Lampe de bureau LED avec chargeur sans fil, intensité réglable",
        "Lampada da scrivania LED con caricatore wireless, dimmerabile",
        "Lámpara de escritorio LED con cargador inalámbrico, regulable",
        "LEDデスクライト ワイヤレス充電器付き 調光対応",
        en_GB="LED Desk Lamp with Wireless Charger, Dimmable, 5 Colour Modes"), ("desk lamp", "デスクライト"), 2),
    _Product("plugs", "WR-SPLUG-4P", "B0BQ6NH3CW", 7, ("34.99", "32.99", "29.99", "4280"), _titles(
        "Smart Plug with Energy Monitoring, Works with Alexa (4-Pack)",
        "WLAN Steckdose mit Strommessung, kompatibel mit Alexa (4er-Pack)",
        "Prise connectée avec mesure de consommation, compatible Alexa (lot de 4)",
        "Presa intelligente con monitoraggio dei consumi, compatibile con Alexa (4 pezzi)",
        "Enchufe inteligente con medidor de consumo, compatible con Alexa (pack de 4)",
        "スマートプラグ 消費電力モニター Alexa対応 4個セット"), ("smart plugs", "スマートプラグ"), 2),
    _Product("kettle", "WR-KTL-17SS", "B0C9DZ4HVA", 5, ("42.99", "39.99", "34.99", "4980"), _titles(
        "Electric Kettle 1.7 L, Stainless Steel, Auto Shut-Off",
        "Wasserkocher 1,7 L Edelstahl mit Abschaltautomatik",
        "Bouilloire électrique 1,7 L en acier inoxydable, arrêt automatique",
        "Bollitore elettrico 1,7 L in acciaio inox, spegnimento automatico",
        "Hervidor de agua eléctrico 1,7 L de acero inoxidable, apagado automático",
        "電気ケトル 1.7L ステンレス 自動電源オフ"), ("kettle", "電気ケトル"), 1),
    _Product("purifier", "WR-AP-H13M", "B0BN2R7KWS", 4, ("129.99", "139.99", "119.99", "16800"), _titles(
        "Air Purifier with H13 True HEPA Filter, Quiet Sleep Mode",
        "Luftreiniger mit H13 HEPA-Filter, leiser Schlafmodus",
        "Purificateur d'air avec filtre HEPA H13, mode nuit silencieux",
        "Purificatore d'aria con filtro HEPA H13, modalità notte silenziosa",
        "Purificador de aire con filtro HEPA H13, modo noche silencioso",
        "空気清浄機 H13 HEPAフィルター 静音スリープモード"), ("air purifier", "空気清浄機"), 1),
    _Product("filters", "WR-AP-FLT2", "B0BN2S1QXE", 5, ("24.99", "24.99", "21.99", "2980"), _titles(
        "Replacement H13 HEPA Filter for Air Purifier (2-Pack)",
        "Ersatzfilter H13 HEPA für Luftreiniger (2 Stück)",
        "Filtre HEPA H13 de rechange pour purificateur (lot de 2)",
        "Filtro HEPA H13 di ricambio per purificatore (2 pezzi)",
        "Filtro HEPA H13 de repuesto para purificador (pack de 2)",
        "空気清浄機用 交換フィルター H13 HEPA 2枚入り"), ("filters", "交換フィルター")),
    _Product("fireplace", "WR-FPS-3PB", "B0BJ8WQ5RM", 2, ("69.99", "74.99", "64.99", "8980"), _titles(
        "Fireplace Screen, 3-Panel Black Steel Mesh, Foldable",
        "Kaminschutzgitter, 3-teilig, schwarzer Stahl, faltbar",
        "Pare-feu de cheminée 3 panneaux en acier noir, pliable",
        "Parascintille per camino a 3 pannelli in acciaio nero, pieghevole",
        "Pantalla para chimenea de 3 paneles de acero negro, plegable",
        "暖炉スクリーン 3面 ブラックスチール 折りたたみ式"), ("fireplace screen", "暖炉スクリーン"), 1),
    _Product("cushion_bo", "WR-CUSH-45BO", "B0CF3T9ZMA", 4, ("19.99", "18.99", "16.99", "2480"), _titles(
        "Velvet Cushion Covers 45 x 45 cm, Burnt Orange (Set of 2)",
        "Samt-Kissenbezüge 45 x 45 cm, Burnt Orange (2er-Set)",
        "Housses de coussin en velours 45 x 45 cm, orange brûlé (lot de 2)",
        "Federe per cuscino in velluto 45 x 45 cm, arancio bruciato (set da 2)",
        "Fundas de cojín de terciopelo 45 x 45 cm, naranja tostado (juego de 2)",
        "ベルベット クッションカバー 45×45cm バーントオレンジ 2枚セット"), ("cushion covers", "クッションカバー")),
    _Product("cushion_sg", "WR-CUSH-45SG", "B0CF3VB7NK", 3, ("19.99", "18.99", "16.99", "2480"), _titles(
        "Velvet Cushion Covers 45 x 45 cm, Sage Green (Set of 2)",
        "Samt-Kissenbezüge 45 x 45 cm, Salbeigrün (2er-Set)",
        "Housses de coussin en velours 45 x 45 cm, vert sauge (lot de 2)",
        "Federe per cuscino in velluto 45 x 45 cm, verde salvia (set da 2)",
        "Fundas de cojín de terciopelo 45 x 45 cm, verde salvia (juego de 2)",
        "ベルベット クッションカバー 45×45cm セージグリーン 2枚セット"), ("cushion covers", "クッションカバー")),
    _Product("powerstation", "WR-PSTN-1000", "B0CRW8L4GJ", 1.2, ("649.99", "699.00", "599.99", "89800"), _titles(
        "Portable Power Station 1000W, 1024Wh LiFePO4 Battery",
        "Tragbare Powerstation 1000 W, 1024 Wh LiFePO4-Akku",
        "Station électrique portable 1000 W, batterie LiFePO4 1024 Wh",
        "Power station portatile 1000 W, batteria LiFePO4 da 1024 Wh",
        "Estación de energía portátil 1000 W, batería LiFePO4 de 1024 Wh",
        "ポータブル電源 1000W 1024Wh リン酸鉄リチウム"), ("power station", "ポータブル電源"), 1),
    _Product("vacuum", "WR-RVC-S7L", "B0C4T6YH8P", 2.5, ("329.99", "349.00", "299.99", "39800"), _titles(
        "Robot Vacuum and Mop S7, LiDAR Navigation",
        "Saugroboter mit Wischfunktion S7, LiDAR-Navigation",
        "Robot aspirateur laveur S7, navigation LiDAR",
        "Robot aspirapolvere lavapavimenti S7, navigazione LiDAR",
        "Robot aspirador y friegasuelos S7, navegación LiDAR",
        "ロボット掃除機 S7 水拭き対応 LiDARナビ"), ("robot vacuum", "ロボット掃除機"), 1),
    _Product("camera", "WR-CAM-2KPT", "B0BX5JH2QW", 6, ("35.99", "33.99", "29.99", "3980"), _titles(
        "Indoor Security Camera 2K, Pan/Tilt, Night Vision",
        "Überwachungskamera innen 2K, schwenkbar, Nachtsicht",
        "Caméra de surveillance intérieure 2K, motorisée, vision nocturne",
        "Telecamera di sorveglianza per interni 2K, motorizzata, visione notturna",
        "Cámara de vigilancia interior 2K, motorizada, visión nocturna",
        "見守りカメラ 屋内 2K 首振り 暗視機能"), ("camera", "カメラ"), 2),
    _Product("hub", "WR-HUB-7C4K", "B0C2G8NV5T", 7, ("29.99", "29.99", "25.99", "3580"), _titles(
        "USB-C Hub 7-in-1 with 4K HDMI, 100W PD",
        "USB-C Hub 7-in-1 mit 4K HDMI, 100 W PD",
        "Hub USB-C 7 en 1 avec HDMI 4K, PD 100 W",
        "Hub USB-C 7 in 1 con HDMI 4K, PD 100 W",
        "Hub USB-C 7 en 1 con HDMI 4K, PD 100 W",
        "USB-C ハブ 7in1 4K HDMI 100W PD対応"), ("USB-C hub", "USBハブ"), 2),
    _Product("ledstrip", "WR-LED-10RGB", "B0BT7M3FXK", 6, ("22.99", "21.99", "19.99", "2780"), _titles(
        "LED Strip Lights 10 m, RGB, App and Remote Control",
        "LED Strip 10 m, RGB, mit App und Fernbedienung",
        "Ruban LED 10 m RGB, contrôle par application et télécommande",
        "Striscia LED 10 m RGB, controllo tramite app e telecomando",
        "Tira LED 10 m RGB, control por app y mando a distancia",
        "LEDテープライト 10m RGB アプリ・リモコン操作"), ("LED strip", "LEDテープ")),
    _Product("heater", "WR-HTR-CER15", "B0CJ5R2WDB", 4, ("59.99", "54.99", "49.99", "6980"), _titles(
        "Ceramic Space Heater 1500W, Tip-Over and Overheat Protection",
        "Keramik-Heizlüfter 2000 W mit Kippschutz und Überhitzungsschutz",
        "Radiateur soufflant céramique 2000 W, protection anti-basculement et surchauffe",
        "Termoventilatore ceramico 2000 W, protezione antiribaltamento e surriscaldamento",
        "Calefactor cerámico 2000 W, protección antivuelco y contra sobrecalentamiento",
        "セラミックヒーター 1200W 転倒時自動オフ 過熱防止",
        en_GB="Ceramic Fan Heater 2000W, Tip-Over and Overheat Protection"), ("heater", "ヒーター"), 1),
)
_PRODUCT: Final[dict[str, _Product]] = {p.key: p for p in _CATALOGUE}
# Products a buyer calls "it" (English texts that say "it stopped working").
_SINGLE_DEVICES: Final = ("charger", "powerbank", "speaker", "lamp", "kettle", "vacuum", "camera")


# --------------------------------------------------------------------------------------------
# Buyer names (common first and last names combined at random; not real people)
# --------------------------------------------------------------------------------------------

_FIRST: Final[dict[str, tuple[str, ...]]] = {
    "US": ("Jennifer", "Michael", "Ashley", "Brandon", "Megan", "Tyler", "Rachel", "Kevin", "Lauren",
           "Derek", "Monica", "Jason", "Crystal", "Travis", "Heather", "Marcus", "Kayla", "Dustin",
           "Tiffany", "Carlos", "Danielle", "Rosa", "Andre", "Nicole", "Wei", "Priya", "Dana", "Cody"),
    "UK": ("Oliver", "Charlotte", "Harry", "Amelia", "Jack", "Sophie", "George", "Emily", "Callum",
           "Chloe", "Rhys", "Imogen", "Liam", "Niamh", "Tom", "Hannah", "Aidan", "Freya", "Ewan", "Zara"),
    "DE": ("Jonas", "Lena", "Lukas", "Anna", "Felix", "Marie", "Tobias", "Sophie", "Jan", "Laura",
           "Maximilian", "Katharina", "Niklas", "Julia", "Sebastian", "Sabine", "Jürgen", "Heike",
           "Stefan", "Melanie", "Mehmet", "Ayşe", "Uwe", "Birgit"),
    "FR": ("Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Théo", "Inès", "Nathan",
           "Julie", "Antoine", "Sarah", "Mathieu", "Élodie", "Karim", "Céline", "Guillaume"),
    "IT": ("Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sara", "Matteo", "Elena",
           "Davide", "Martina", "Giovanni", "Valentina", "Simone", "Federica", "Andrea"),
    "ES": ("Lucía", "Hugo", "María", "Pablo", "Carmen", "Javier", "Laura", "Alejandro", "Marta",
           "Daniel", "Paula", "Sergio", "Elena", "Diego", "Nuria", "Álvaro"),
}
_LAST: Final[dict[str, tuple[str, ...]]] = {
    "US": ("Walsh", "Hendricks", "Moreno", "Patel", "Kowalski", "Brennan", "Ortiz", "Sullivan",
           "Nguyen", "Fischer", "Dawson", "Ramirez", "Whitaker", "Holloway", "Chen", "Baxter",
           "Jensen", "Pruitt", "Delgado", "Mercer", "Rhodes", "Gallagher", "Tran", "Vaughn"),
    "UK": ("Thompson", "Hughes", "Clarke", "Patel", "Walker", "Wright", "Robinson", "Evans",
           "Fletcher", "Hargreaves", "Murray", "Ahmed", "Barnes", "Pritchard", "McLeod", "Doyle",
           "Kaur", "Osei", "Ellis", "Whitmore"),
    "DE": ("Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer",
           "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
           "Hartmann", "Lange", "Werner", "Yılmaz", "Kowalczyk"),
    "FR": ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
           "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Fournier", "Girard",
           "Bonnet", "Mercier", "Benali"),
    "IT": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano",
           "Rizzo"),
    "ES": ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
           "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero",
           "Navarro"),
}
# Japanese: (kanji, romaji); family name first.
_JP_GIVEN: Final = (("健太", "kenta"), ("美咲", "misaki"), ("翔太", "shota"), ("陽子", "yoko"),
                    ("大輔", "daisuke"), ("由美", "yumi"), ("拓也", "takuya"), ("彩", "aya"),
                    ("直樹", "naoki"), ("恵", "megumi"), ("亮", "ryo"), ("真由美", "mayumi"),
                    ("和也", "kazuya"), ("咲", "saki"), ("浩二", "koji"), ("優子", "yuko"))
_JP_FAMILY: Final = (("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
                     ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"),
                     ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"),
                     ("佐々木", "sasaki"), ("松本", "matsumoto"), ("井上", "inoue"), ("木村", "kimura"))

_EMAIL_DOMAINS: Final[dict[str, tuple[str, ...]]] = {
    "US": ("example.com", "example.net"), "UK": ("example.org", "example.net"),
    "DE": ("example.de",), "FR": ("example.fr",), "IT": ("example.it",), "ES": ("example.es",),
    "JP": ("example.jp",),
}


@dataclass(frozen=True)
class _Buyer:
    market: str
    first: str          # given name (JP: kanji)
    last: str           # family name (JP: kanji)
    romaji: tuple[str, str]
    alias: str          # relay address

    @property
    def full(self) -> str:
        return f"{self.last} {self.first}" if self.market == "JP" else f"{self.first} {self.last}"

    @property
    def sign(self) -> str:
        """How the buyer signs and how Amazon names them: given name (JP: family name)."""
        return self.last if self.market == "JP" else self.first


# --------------------------------------------------------------------------------------------
# Message scenarios
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Need:
    """Which order a thread is about: its current status, age at the first message, items."""

    statuses: tuple[str, ...] = ("Shipped",)
    channel: str | None = None
    min_days: float = 4.0
    max_days: float = 30.0
    products: tuple[str, ...] = ()      # the order holds one of these
    high_value: bool = False            # total at/above the threshold (else below 80 % of it)


@dataclass(frozen=True)
class _Msg:
    category: str
    flags: frozenset[str]
    topic: str                          # shipping, delivery, return, product, generic
    bodies: tuple[str, ...]             # alternatives; one is picked
    gap: tuple[float, float]            # hours after the previous message of the thread
    subject: str | None                 # plain e-mail only


@dataclass(frozen=True)
class _Scenario:
    markets: tuple[str, ...]
    need: _Need | None                  # None: no order (pre-sale question, general enquiry)
    msgs: tuple[_Msg, ...]
    p: float = 1.0                      # probability the thread is included
    channel: str = "amazon"


def _m(category: str, topic: str, *bodies: str, flags: tuple[str, ...] = (),
       gap: tuple[float, float] = (5.0, 26.0), subject: str | None = None) -> _Msg:
    return _Msg(category, frozenset(flags), topic, bodies, gap, subject)


def _s(markets: str, need: _Need | None, *msgs: _Msg, p: float = 1.0, email: bool = False) -> _Scenario:
    return _Scenario(tuple(markets.split()), need, msgs, p, "email" if email else "amazon")


_SHIPPED = _Need(("Shipped",), min_days=4, max_days=30)
_DELIVERED = _Need(("Shipped",), min_days=10, max_days=35)
_RETURNED = _Need(("Shipped",), min_days=14, max_days=40)     # bought, received, sent back
_LONG_AGO = _Need(("Shipped",), min_days=24, max_days=42)
_IN_TRANSIT = _Need(("Shipped",), min_days=6, max_days=14)
_LATE_FBM = _Need(("Unshipped",), channel="MFN", min_days=3, max_days=10)
_OPEN = _Need(("Pending", "Unshipped"), min_days=0.02, max_days=2.0)
_DEVICE = _Need(("Shipped",), min_days=4, max_days=30, products=_SINGLE_DEVICES)
_HIGH = _Need(("Shipped",), min_days=5, max_days=30, products=("powerstation",), high_value=True)


def _about(*products: str, statuses: tuple[str, ...] = ("Shipped",), min_days: float = 3.0,
           max_days: float = 30.0) -> _Need:
    return _Need(statuses, None, min_days, max_days, products)


_LEGAL = ("LEGAL",)
_ATOZ = ("A-TO-Z",)

# Placeholders: {order} {item} (localized title) {thing} (what the buyer calls it, en/ja)
# {sign} (given name; JP family name) {full} {total} (order) {price} (the item's line)
# {ordered} (purchase date) {days} (days from purchase to the first message).
_SCENARIOS: Final[tuple[_Scenario, ...]] = (
    # ---------------------------------------------------------------- refunds
    _s("US", _RETURNED,
       _m("REFUND", "return",
          "Hi,\n\nI sent this order back last week (dropped it off at a UPS Store, and the tracking shows "
          "it was delivered on Monday) but I still haven't received my refund. Can you please check and "
          "tell me when it will be processed?\n\nThanks,\n{sign}",
          "Hello - I returned the {thing} last week and the return tracking says it arrived, but there's "
          "no refund on my card yet. How long does it usually take?\n\n{full}"),
       _m("REFUND", "generic",
          "Any update on this? It's been more than a day since I wrote and I haven't heard anything back.\n{sign}",
          gap=(20.0, 30.0))),
    _s("UK", _SHIPPED,
       _m("REFUND", "return",
          "Hello, I ordered this by mistake (I meant to get a different model) and it's still sealed in "
          "the box. Could you refund me please? Happy to send it straight back.\n\nKind regards\n{full}")),
    _s("US", _SHIPPED,
       _m("REFUND", "generic",
          "I was charged twice for order {order}. My bank statement shows two charges of {total} on the "
          "same day but I only placed one order. Please refund the duplicate charge.\n\n{full}")),
    _s("US", _Need(("Canceled",), min_days=1.0, max_days=12.0),
       _m("REFUND", "generic",
          "hello i cancelled this order right after placing it and amazon shows it as cancelled, but the "
          "money is still pending on my card. when will i get it back??\n{sign}")),
    _s("US UK", _DEVICE,
       _m("REFUND", "return",
          "The {thing} stopped working after two days. It won't power on at all, I've tried different "
          "outlets and cables. I don't want a replacement, just a refund please.",
          "Hi, the {thing} I got is dead on arrival - nothing happens when I plug it in. I'd like a "
          "full refund rather than an exchange.\n\nThanks\n{sign}"), p=0.7),
    _s("DE", _RETURNED,
       _m("REFUND", "return",
          "Hallo,\n\nich habe die Ware vor einer Woche zurückgeschickt (laut Sendungsverfolgung zugestellt), "
          "aber die Erstattung ist immer noch nicht da. Wann kann ich mit dem Geld rechnen?\n\n"
          "Mit freundlichen Grüßen\n{full}"),
       _m("REFUND", "generic",
          "Ich warte immer noch auf eine Antwort zu meiner Erstattung. Bitte melden Sie sich.\n{full}",
          gap=(18.0, 30.0))),
    _s("DE", _about("charger", "hub", "cable", "powerbank", min_days=4),
       _m("REFUND", "return",
          "Guten Tag,\n\nder Artikel entspricht nicht der Beschreibung. Auf der Produktseite steht, dass er "
          "mit meinem Laptop kompatibel ist, aber der Laptop wird damit nicht geladen. Ich möchte bitte "
          "den Kaufpreis zurück. Muss ich den Artikel dafür zurückschicken?\n\nGruß\n{sign}"), p=0.7),
    _s("FR", _RETURNED,
       _m("REFUND", "return",
          "Bonjour,\n\nJ'ai renvoyé le colis il y a dix jours et je n'ai toujours pas reçu le remboursement. "
          "Pouvez-vous vérifier s'il vous plaît ? Le numéro de commande est {order}.\n\nCordialement,\n{full}")),
    _s("FR", _DEVICE,
       _m("REFUND", "generic",
          "Bonjour, l'article ne fonctionne pas, il ne s'allume plus depuis hier. Je souhaite un "
          "remboursement, pas d'échange svp. Merci d'avance.\n{sign}"), p=0.7),
    _s("IT", _RETURNED,
       _m("REFUND", "return",
          "Buongiorno,\nho restituito l'articolo la settimana scorsa ma non ho ancora ricevuto il rimborso. "
          "Potete controllare per favore?\nGrazie,\n{full}")),
    _s("IT", _SHIPPED,
       _m("REFUND", "generic",
          "Salve, il prodotto è arrivato con la confezione aperta e un graffio su un lato. Non mi sembra "
          "nuovo. Vorrei il rimborso completo, grazie.\n{sign}"), p=0.7),
    _s("ES", _RETURNED,
       _m("REFUND", "return",
          "Hola, devolví el pedido hace más de una semana y todavía no me han hecho el reembolso. "
          "¿Me pueden decir cuándo lo recibiré?\nUn saludo,\n{full}")),
    _s("ES", _SHIPPED,
       _m("REFUND", "return",
          "Buenas tardes. Compré este artículo por error y está sin abrir. ¿Me pueden devolver el dinero? "
          "Gracias.\n{sign}"), p=0.7),
    _s("JP", _RETURNED,
       _m("REFUND", "return",
          "お世話になっております。\n先週返品した商品の返金がまだ確認できません。返金の状況を教えて"
          "いただけますでしょうか。\nよろしくお願いいたします。\n{full}"),
       _m("REFUND", "generic",
          "先日お問い合わせした返金の件、まだご回答をいただいておりません。ご確認をお願いします。\n{sign}",
          gap=(20.0, 30.0))),
    _s("JP", _DEVICE,
       _m("REFUND", "return",
          "{thing}が届きましたが、電源が入らず使えません。交換ではなく返金をお願いしたいです。"
          "どうすればよいか教えてください。\n{sign}"), p=0.7),

    # ---------------------------------------------------------------- returns
    _s("US", _about("lamp", "speaker", "purifier", "kettle", "heater", "vacuum", min_days=4),
       _m("RETURN", "return",
          "Hi, I'd like to return the {thing}. It works fine, it's just bigger than I expected and doesn't "
          "fit where I wanted to put it. Can you send me a return label?\nThanks, {sign}")),
    _s("UK", _about("cable", min_days=4),
       _m("RETURN", "return",
          "Hello, one of the two cables in the pack doesn't charge my phone, the other one is fine. Can I "
          "return just the faulty one or do I need to send back both?\nCheers\n{sign}"), p=0.7),
    _s("US", _about("earbuds", min_days=5),
       _m("RETURN", "return",
          "How do I return these? My orders page says the item is eligible but when I click it tells me to "
          "contact the seller. The earbuds keep disconnecting from my phone every few minutes.\n\n{full}"),
       _m("RETURN", "return",
          "Following up - I still need the return label. I'm travelling next week and want to drop it off "
          "before then.", gap=(12.0, 28.0))),
    _s("DE", _SHIPPED,
       _m("RETURN", "return",
          "Hallo,\n\nhiermit widerrufe ich den Kauf der Bestellung {order} vom {ordered}. Die Ware ist "
          "unbenutzt und originalverpackt. Bitte senden Sie mir ein Rücksendeetikett zu.\n\n"
          "Mit freundlichen Grüßen\n{full}")),
    _s("DE", _about("earbuds", min_days=4),
       _m("RETURN", "return",
          "Guten Tag, die Kopfhörer knacken auf der linken Seite, sobald die Geräuschunterdrückung an ist. "
          "Kann ich sie umtauschen?\nViele Grüße\n{sign}"), p=0.7),
    _s("FR", _SHIPPED,
       _m("RETURN", "return",
          "Bonjour, je voudrais retourner l'article, il ne correspond pas à mes attentes. Comment dois-je "
          "procéder pour le retour ? Merci.\n{full}")),
    _s("IT", _about("plugs", "camera", "hub", "ledstrip", min_days=4),
       _m("RETURN", "return",
          "Buonasera, vorrei effettuare un reso: il prodotto funziona ma non è compatibile con il mio "
          "impianto. Mi mandate l'etichetta per la spedizione?\n{sign}")),
    _s("ES", _about("earbuds", min_days=4),
       _m("RETURN", "return",
          "Hola, quiero devolver los auriculares porque el estuche de carga no cierra bien. ¿Me pueden "
          "enviar la etiqueta de devolución? Gracias")),
    _s("JP", _SHIPPED,
       _m("RETURN", "return",
          "注文した{thing}ですが、イメージと違ったので返品させていただきたいです。未使用です。"
          "返品方法を教えてください。\n{full}"), p=0.7),

    # ---------------------------------------------------------------- where is my order
    _s("US", _LATE_FBM,
       _m("WISMO", "shipping",
          "Hi, I ordered on {ordered} and it still says not shipped. The estimated delivery date has "
          "already passed. Can you tell me when it will ship? I need it before the weekend.\n{sign}"),
       _m("A-TO-Z", "shipping",
          "This is my second message and still no reply and no tracking. If I don't get a tracking number "
          "by tomorrow I will open an A-to-z claim.\n{full}", flags=_ATOZ, gap=(14.0, 30.0))),
    _s("US", _Need(("Shipped",), min_days=5, max_days=14),
       _m("WISMO", "delivery",
          "Tracking says delivered yesterday but there is no package at my door or in the mailroom. I "
          "checked with my neighbors too. What can you do?",
          "My package shows as delivered but I never got it. I was home all day. Can you look into this "
          "with the carrier please?\n{sign}")),
    _s("UK", _IN_TRANSIT,
       _m("WISMO", "delivery",
          "Hiya, just wondering where my order is? Tracking hasn't updated for 4 days, it's just sitting "
          "at 'in transit'.\nCheers, {sign}"), p=0.7),
    _s("US", _LATE_FBM,
       _m("WISMO", "shipping", "Where is my order?? Ordered {days} days ago, no tracking, nothing. Please respond."),
       _m("WISMO", "shipping", "Still waiting. Hello?? Is anyone there?", gap=(8.0, 20.0)),
       _m("A-TO-Z", "generic",
          "Third message. Nobody answers. I'm opening an A-to-z claim tomorrow morning if I don't hear "
          "from you.", flags=_ATOZ, gap=(6.0, 20.0))),
    _s("DE", _LATE_FBM,
       _m("WISMO", "shipping",
          "Hallo,\n\nmeine Bestellung vom {ordered} ist immer noch nicht versendet worden. Laut Amazon hätte "
          "sie schon längst ankommen sollen. Können Sie mir sagen, wann das Paket verschickt wird?\n\n"
          "MfG\n{full}"),
       _m("WISMO", "shipping",
          "Ich habe bisher keine Antwort erhalten. Bitte teilen Sie mir den Versandstatus mit.",
          gap=(16.0, 30.0))),
    _s("DE", _Need(("Shipped",), min_days=4, max_days=14),
       _m("WISMO", "delivery",
          "Guten Tag, laut DHL wurde das Paket bei einem Nachbarn abgegeben, aber keiner meiner Nachbarn "
          "hat es. Was kann ich tun?\nGruß {sign}")),
    _s("DE", _IN_TRANSIT,
       _m("WISMO", "delivery",
          "Wo bleibt meine Bestellung? Die Sendungsverfolgung zeigt seit Tagen keinen Fortschritt an.\n{full}"),
       p=0.7),
    _s("FR", _LATE_FBM,
       _m("WISMO", "shipping",
          "Bonjour, ma commande n'est toujours pas expédiée alors que la date de livraison prévue est "
          "dépassée. Pouvez-vous me donner une date d'envoi ? Merci\n{sign}")),
    _s("FR", _Need(("Shipped",), min_days=4, max_days=14),
       _m("WISMO", "delivery",
          "Bonjour, le suivi indique que le colis a été livré en point relais mais le point relais dit ne "
          "pas l'avoir reçu. Que dois-je faire ?\n{full}"), p=0.7),
    _s("IT", _IN_TRANSIT,
       _m("WISMO", "delivery",
          "Salve, il mio ordine risulta ancora in transito da una settimana. Potete verificare con il "
          "corriere? Grazie\n{sign}")),
    _s("ES", _LATE_FBM,
       _m("WISMO", "shipping",
          "Hola, mi pedido todavía aparece como pendiente de envío. ¿Cuándo lo van a mandar? Lo necesito "
          "para un regalo.\n{sign}"),
       _m("A-TO-Z", "shipping",
          "Nadie me responde. Si mañana no tengo noticias abriré una reclamación de la Garantía de la "
          "A a la Z.\n{full}", flags=_ATOZ, gap=(14.0, 30.0))),
    _s("ES", _Need(("Shipped",), min_days=4, max_days=14),
       _m("WISMO", "delivery",
          "Buenas, el seguimiento dice entregado pero no he recibido nada. ¿Pueden revisar con la empresa "
          "de transporte?"), p=0.7),
    _s("JP", _LATE_FBM,
       _m("WISMO", "shipping",
          "注文してから{days}日経ちますが、まだ発送されていません。いつ頃発送予定でしょうか。\n{full}"),
       _m("A-TO-Z", "shipping",
          "何度か問い合わせていますが返信がありません。明日までにご回答がない場合は"
          "Amazonマーケットプレイス保証を申請します。", flags=_ATOZ, gap=(14.0, 30.0))),
    _s("JP", _Need(("Shipped",), min_days=4, max_days=14),
       _m("WISMO", "delivery",
          "配送状況を確認すると「配達完了」になっていますが、荷物が届いていません。確認していただけますか。\n{sign}")),

    # ---------------------------------------------------------------- product questions
    _s("US", _about("earbuds"),
       _m("PRODUCT-QUESTION", "product",
          "How do I pair the earbuds with a second device? The manual only explains one phone. I'd like to "
          "switch between my phone and my laptop without re-pairing every time.\n\nThanks,\n{sign}")),
    _s("US", _about("plugs", statuses=("Shipped",)),
       _m("PRODUCT-QUESTION", "product",
          "Do these smart plugs work with Google Home as well, or only Alexa? Setup in the app keeps "
          "failing at the 2.4 GHz step."), p=0.7),
    _s("US", _about("hub", statuses=("Shipped", "Unshipped"), min_days=0.5, max_days=4.0),
       _m("PRODUCT-QUESTION", "product",
          "Hi, I work as an attorney and I'm setting up a second monitor in my office. Will the hub drive "
          "two external displays on a MacBook Air M2, or only one? I'd like to know before it arrives.\n\n"
          "Thanks,\n{full}")),
    _s("UK", _about("camera"),
       _m("PRODUCT-QUESTION", "product",
          "Can the camera record to an SD card without the subscription? If so, what's the biggest card "
          "it takes?\nThanks, {sign}"), p=0.7),
    _s("US", _about("purifier", "filters"),
       _m("PRODUCT-QUESTION", "product",
          "Does the H13 filter help with wildfire smoke? We get a lot of it in late summer. Also, how "
          "often should the filter be replaced if it runs 24/7?\n{sign}")),
    _s("DE", _about("lamp"),
       _m("PRODUCT-QUESTION", "product",
          "Hallo, kann man bei der Schreibtischlampe die Helligkeit auch speichern? Nach dem Ausschalten "
          "ist sie immer wieder auf der hellsten Stufe.\nDanke und Gruß\n{sign}")),
    _s("DE", _about("fireplace", statuses=("Shipped", "Unshipped"), min_days=0.5, max_days=6.0),
       _m("PRODUCT-QUESTION", "product",
          "Guten Tag, ich habe das Kaminschutzgitter bestellt. Ist es auch für einen offenen Kamin "
          "geeignet, also hält es Funkenflug ab, oder ist es eher zur Deko gedacht? Und wie hoch ist es "
          "genau?\nDanke\n{full}")),
    _s("FR", _about("kettle"),
       _m("PRODUCT-QUESTION", "product",
          "Bonjour, la bouilloire fait un bruit assez fort au début de la chauffe, est-ce normal ? Et faut-il "
          "la détartrer souvent ?\nMerci\n{sign}"), p=0.7),
    _s("IT", _about("vacuum"),
       _m("PRODUCT-QUESTION", "product",
          "Buongiorno, il robot aspirapolvere può pulire anche i tappeti a pelo lungo? E si può escludere "
          "una stanza dalla mappa nell'app?\nGrazie\n{full}")),
    _s("ES", _about("speaker"),
       _m("PRODUCT-QUESTION", "product",
          "Hola, ¿se pueden conectar dos altavoces X5 juntos para tener sonido estéreo? Gracias.\n{sign}"),
       p=0.7),
    _s("JP", _about("camera"),
       _m("PRODUCT-QUESTION", "product",
          "見守りカメラのアプリで、複数のスマホから同時に映像を見ることはできますか?家族で共有したいです。\n{sign}")),
    _s("JP", _about("charger", statuses=("Shipped", "Unshipped", "Pending"), min_days=0.5, max_days=8.0),
       _m("PRODUCT-QUESTION", "product",
          "この充電器でノートパソコン(MacBook Pro 14インチ)を充電できますか?3台同時に充電した場合の"
          "各ポートの出力も教えてください。"), p=0.7),
    # pre-sale questions (no order yet)
    _s("US", None,
       _m("PRODUCT-QUESTION", "product",
          "Hi, quick question about the fireplace screen before I order: how tall is each panel, and is the "
          "mesh fine enough to stop sparks from a wood fire? We have a toddler, so I also want to know if "
          "it's sturdy enough that it won't tip over when pushed.\n\nThanks,\n{sign}")),
    _s("UK", None,
       _m("PRODUCT-QUESTION", "product",
          "Hello, is the burnt orange colour closer to rust/terracotta or more of a bright orange? The "
          "photos look different on my phone and my laptop. Also, are the zips hidden?\nThanks, {sign}")),
    _s("DE", None,
       _m("PRODUCT-QUESTION", "product",
          "Hallo, eignet sich die Powerstation auch für eine Kühlbox im Wohnmobil? Wie lange hält der Akku "
          "ungefähr bei 60 W Dauerlast?\nViele Grüße\n{sign}")),
    _s("JP", None,
       _m("PRODUCT-QUESTION", "product",
          "ロボット掃除機について質問です。段差は何センチまで乗り越えられますか?購入を検討しています。")),
    _s("FR", None,
       _m("PRODUCT-QUESTION", "product",
          "Bonjour, les housses de coussin sont-elles lavables en machine ? Et à quelle température ? "
          "Merci.\n{sign}"), p=0.7),

    # ---------------------------------------------------------------- order changes
    _s("US", _OPEN,
       _m("ORDER-CHANGE", "shipping",
          "Hi, I just noticed I used my old address for this order. Can you please ship it to "
          "418 Linden Court, Apt 2B instead? Same city and zip. Thank you!\n{full}")),
    _s("UK", _OPEN,
       _m("ORDER-CHANGE", "generic",
          "Please cancel my order, I ordered the wrong one. I can't find the cancel button any more.\n{sign}")),
    _s("US", _OPEN,
       _m("ORDER-CHANGE", "generic",
          "Can I change the quantity on my order from 1 to 2 before it ships? Or should I just place a "
          "second order?\n{sign}"), p=0.7),
    _s("DE", _OPEN,
       _m("ORDER-CHANGE", "shipping",
          "Hallo, bitte liefern Sie die Bestellung an meine Arbeitsadresse statt nach Hause: Musterfirma "
          "GmbH, Industriestraße 12, 70565 Stuttgart. Vielen Dank!\n{full}")),
    _s("FR", _OPEN,
       _m("ORDER-CHANGE", "generic",
          "Bonjour, je souhaite annuler ma commande, je l'ai trouvée moins chère ailleurs. Merci de "
          "confirmer l'annulation.\n{full}")),
    _s("IT", _OPEN,
       _m("ORDER-CHANGE", "generic",
          "Buongiorno, vorrei annullare l'ordine {order}, ho sbagliato modello. Grazie\n{sign}"), p=0.7),
    _s("ES", _OPEN,
       _m("ORDER-CHANGE", "shipping",
          "Hola, me he equivocado con el piso en la dirección de envío: es 3º B, no 3º D. ¿Lo pueden "
          "corregir antes de enviarlo?\n{sign}")),
    _s("JP", _OPEN,
       _m("ORDER-CHANGE", "generic",
          "先ほど注文しましたが、間違えて注文してしまったのでキャンセルをお願いします。\n{full}")),

    # ---------------------------------------------------------------- complaints
    _s("US", _SHIPPED,
       _m("COMPLAINT", "generic",
          "I'm really disappointed. The package showed up with the box crushed and the item had clearly "
          "been used before - fingerprints and dust all over it. Is this how you sell 'new' items?\n{full}")),
    _s("UK", _SHIPPED,
       _m("COMPLAINT", "generic",
          "Honestly the worst customer service I've dealt with. I've sent messages about this order and "
          "not one reply. Not impressed at all.\n{sign}"), p=0.7),
    _s("DE", _SHIPPED,
       _m("COMPLAINT", "generic",
          "Ich bin sehr verärgert. Die Lieferung kam über eine Woche zu spät und jetzt funktioniert das "
          "Gerät nicht richtig. So etwas habe ich bei Amazon noch nie erlebt.\n{full}")),
    _s("FR", _about("lamp", "fireplace"),
       _m("COMPLAINT", "generic",
          "Produit de très mauvaise qualité, la charnière s'est cassée au bout d'une semaine. Vraiment "
          "décevant, je ne recommande pas.\n{full}")),
    _s("IT", _SHIPPED,
       _m("COMPLAINT", "generic",
          "Che delusione: mi è arrivato un prodotto diverso da quello che ho ordinato e nessuno "
          "risponde ai miei messaggi.\n{sign}")),
    _s("JP", _SHIPPED,
       _m("COMPLAINT", "generic",
          "梱包がひどく、箱がつぶれた状態で届きました。商品にも傷があります。大変残念です。\n{full}"), p=0.7),
    _s("US", _DELIVERED,
       _m("COMPLAINT", "generic",
          "I've been trying to get this resolved for a week. The item doesn't work and nobody answers. "
          "I will be filing a complaint with the Better Business Bureau and the FTC if I don't hear back "
          "by Friday.\n{full}", flags=_LEGAL)),
    _s("UK", _SHIPPED,
       _m("COMPLAINT", "generic",
          "Item arrived broken and my messages are being ignored. If this isn't sorted out this week I'm "
          "reporting you to Amazon and leaving a review so others know.\n{sign}", flags=_LEGAL)),
    _s("DE", _LONG_AGO,
       _m("COMPLAINT", "generic",
          "Sehr geehrte Damen und Herren,\n\nseit zwei Wochen bemühe ich mich um eine Lösung und erhalte "
          "keine Antwort. Ich werde mich jetzt an die Verbraucherzentrale wenden.\n\n{full}", flags=_LEGAL)),

    # ---------------------------------------------------------------- A-to-z
    _s("US", _Need(("Shipped",), min_days=11, max_days=25),
       _m("A-TO-Z", "delivery",
          "Package never arrived. Tracking hasn't moved in 9 days. Either refund me today or I will open "
          "an A-to-z claim.", flags=_ATOZ)),
    _s("UK", _DEVICE,
       _m("A-TO-Z", "generic",
          "I've opened an A-to-z Guarantee claim for this order because the {thing} I received is faulty "
          "and no one has replied to my messages.\n{full}", flags=_ATOZ)),
    _s("DE", _Need(("Shipped",), min_days=8, max_days=25),
       _m("A-TO-Z", "generic",
          "Ich habe jetzt einen Antrag auf die A-bis-z-Garantie gestellt, da ich seit über einer Woche "
          "keine Antwort von Ihnen bekomme.\n{full}", flags=_ATOZ)),
    _s("FR", _Need(("Shipped",), min_days=8, max_days=25),
       _m("A-TO-Z", "generic",
          "Bonjour, toujours aucune nouvelle de mon colis. Sans réponse de votre part sous 48 heures, "
          "j'ouvrirai une réclamation au titre de la garantie A à Z d'Amazon.\n{full}", flags=_ATOZ)),

    # ---------------------------------------------------------------- chargebacks
    _s("US", _Need(("Shipped",), min_days=10, max_days=30),
       _m("CHARGEBACK", "generic",
          "FYI I disputed the charge with my credit card company since I never got the order and nobody "
          "answered my messages. They told me to let you know.\n{full}", flags=("CHARGEBACK",))),
    _s("IT", _Need(("Shipped",), min_days=10, max_days=30),
       _m("CHARGEBACK", "generic",
          "Vi informo che ho contestato l'addebito con la mia banca, perché il prodotto non è mai arrivato "
          "e non ho ricevuto risposte.\n{full}", flags=("CHARGEBACK",))),
    _s("DE", _DEVICE,
       _m("CHARGEBACK", "generic",
          "Da der Artikel defekt war und ich keine Antwort erhalten habe, habe ich die Zahlung bei meiner "
          "Kreditkartengesellschaft zurückbuchen lassen.\n{full}", flags=("CHARGEBACK",))),

    # ---------------------------------------------------------------- lawyer
    _s("US", _LONG_AGO,
       _m("REFUND", "return",
          "This is ridiculous. I returned the item 3 weeks ago and still no refund. I've forwarded "
          "everything to my lawyer and if I don't get my money back this week you'll be hearing from "
          "them.\n{full}", flags=_LEGAL)),
    _s("DE", _LONG_AGO,
       _m("REFUND", "return",
          "Guten Tag,\n\ndie Rücksendung ist seit drei Wochen bei Ihnen. Sollte ich bis Freitag keine "
          "Erstattung erhalten, übergebe ich die Angelegenheit meinem Anwalt.\n\n{full}", flags=_LEGAL)),
    _s("FR", _RETURNED,
       _m("REFUND", "return",
          "Je n'ai toujours pas reçu mon remboursement malgré plusieurs messages. Si rien n'est fait d'ici "
          "lundi, je transmets le dossier à mon avocat.\n{full}", flags=_LEGAL)),
    _s("ES", _RETURNED,
       _m("REFUND", "return",
          "Llevo semanas esperando el reembolso. Si no lo recibo esta semana, mi abogado se pondrá en "
          "contacto con ustedes.\n{full}", flags=_LEGAL)),

    # ---------------------------------------------------------------- safety
    _s("US", _about("charger", min_days=5),
       _m("COMPLAINT", "generic",
          "Your charger caught fire last night while charging my phone on the nightstand. There's a black "
          "scorch mark on the outlet cover and the plug partly melted. My daughter noticed the smell and "
          "we unplugged it just in time. This is extremely dangerous. I have photos. What are you going "
          "to do about this?\n\n{full}", flags=("SAFETY",))),
    _s("DE", _about("heater", min_days=4),
       _m("COMPLAINT", "generic",
          "Der Heizlüfter hat nach zehn Minuten angefangen zu qualmen und es roch stark nach verbranntem "
          "Plastik. Ich habe ihn sofort ausgesteckt. Das ist gefährlich!\n{full}", flags=("SAFETY",))),
    _s("JP", _about("powerbank", min_days=4),
       _m("COMPLAINT", "generic",
          "モバイルバッテリーが充電中に膨らんで、焦げたような臭いと煙が出ました。怖くてもう使えません。"
          "どのように対応していただけますか。\n{full}", flags=("SAFETY",))),
    _s("UK", _about("kettle", min_days=4),
       _m("COMPLAINT", "generic",
          "The kettle gave me an electric shock when I touched the handle while it was boiling. My hand "
          "was tingling for an hour. I've stopped using it. This should not be on sale.\n{full}",
          flags=("SAFETY",))),

    # ---------------------------------------------------------------- high value
    _s("US", _HIGH,
       _m("REFUND", "return",
          "The power station stopped holding a charge after one camping trip - it drops from 100% to 0 in "
          "about 20 minutes. I paid {price} for this and I want a full refund, not a repair.\n\n{full}",
          flags=("HIGH-VALUE",))),
    _s("DE", _HIGH,
       _m("REFUND", "return",
          "Die Powerstation kam mit gebrochenem Display und einer Delle im Gehäuse an. Für {price} erwarte "
          "ich eine vollständige Erstattung.\n{full}", flags=("HIGH-VALUE",))),
    _s("JP", _HIGH,
       _m("REFUND", "return",
          "ポータブル電源({price})を購入しましたが、出力が不安定で家電が使えません。全額返金を希望します。\n{full}",
          flags=("HIGH-VALUE",))),
    _s("IT", _HIGH,
       _m("A-TO-Z", "generic",
          "Ho aperto una richiesta di rimborso tramite la Garanzia dalla A alla Z per la power station "
          "({price}): non si ricarica e nessuno mi ha risposto.\n{full}", flags=("A-TO-Z", "HIGH-VALUE"))),

    # ---------------------------------------------------------------- other
    _s("DE", _SHIPPED,
       _m("OTHER", "generic",
          "Hallo, können Sie mir bitte eine Rechnung mit ausgewiesener Mehrwertsteuer für die Bestellung "
          "{order} schicken? Ich brauche sie für meine Firma. Danke!\n{full}")),
    _s("DE", _SHIPPED,
       _m("OTHER", "generic", "Danke, alles gut angekommen und funktioniert einwandfrei!"), p=0.7),
    _s("IT", _SHIPPED,
       _m("OTHER", "generic",
          "Buongiorno, mi servirebbe la fattura intestata alla mia azienda. Vi mando i dati se necessario. "
          "Grazie\n{full}")),
    _s("US", _SHIPPED,
       _m("OTHER", "generic",
          "Just wanted to say thanks, everything arrived earlier than expected and works great.\n{sign}"),
       p=0.7),
    _s("FR", _SHIPPED,
       _m("OTHER", "generic",
          "Bonjour, est-il possible d'avoir une facture au nom de mon entreprise ? Merci.\n{full}")),
    _s("JP", _SHIPPED,
       _m("OTHER", "generic",
          "領収書の発行をお願いできますでしょうか。宛名は「株式会社サンプル」でお願いいたします。\n{full}")),

    # ---------------------------------------------------------------- plain e-mail
    _s("US", _about("earbuds", min_days=25, max_days=42),
       _m("RETURN", "generic",
          "Hello,\n\nI bought your Pro 2 earbuds on Amazon (order {order}) and the left earbud stopped "
          "charging after three weeks. I couldn't find a way to reach you through Amazon so I'm writing "
          "here. Can you replace them under warranty?\n\nBest,\n{full}",
          subject="Warranty - left earbud not charging"),
       _m("RETURN", "generic",
          "Hi again, any news on the warranty replacement? Happy to send photos or a video if it helps.\n{sign}",
          subject="Re: Warranty - left earbud not charging", gap=(18.0, 30.0)), email=True),
    _s("DE", _SHIPPED,
       _m("OTHER", "generic",
          "Sehr geehrte Damen und Herren,\n\nfür meine Steuererklärung benötige ich eine Rechnung zur "
          "Amazon-Bestellung {order}. Könnten Sie mir diese bitte als PDF zusenden?\n\n"
          "Mit freundlichen Grüßen\n{full}", subject="Rechnung zu Bestellung {order}"), email=True),
    _s("US", None,
       _m("OTHER", "generic",
          "Hi,\n\nWe run a small chain of co-working spaces and are interested in ordering about 200 of your "
          "65W chargers and 200 USB-C cables. Do you offer volume pricing outside Amazon, and what lead "
          "time would you need?\n\nRegards,\n{full}\nPurchasing", subject="Bulk order enquiry - 200 units"),
       email=True),
    _s("FR", _IN_TRANSIT,
       _m("WISMO", "generic",
          "Bonjour,\n\nJ'ai commandé sur Amazon (commande {order}) et le colis n'a pas bougé depuis "
          "plusieurs jours. Pouvez-vous me dire où il en est ?\n\nMerci,\n{full}",
          subject="Où est ma commande {order} ?"), email=True),
    _s("JP", None,
       _m("PRODUCT-QUESTION", "generic",
          "お世話になります。\n御社のポータブル電源について、購入前に質問させてください。"
          "キャンプで電気毛布(50W)を使う場合、何時間くらい使えますか。\nよろしくお願いします。\n{full}",
          subject="ポータブル電源について"), email=True),
    _s("UK", _DELIVERED,
       _m("COMPLAINT", "generic",
          "To whom it may concern,\n\nI've had no response at all through Amazon about my faulty order "
          "{order}. I'm now contacting Trading Standards about this.\n\n{full}",
          subject="Complaint - order {order}", flags=_LEGAL), email=True),
    _s("IT", _RETURNED,
       _m("REFUND", "generic",
          "Buongiorno,\nho reso l'ordine {order} da più di due settimane ma il rimborso non è ancora "
          "arrivato. Potete verificare?\nCordiali saluti\n{full}", subject="Rimborso ordine {order}"),
       email=True),
    _s("ES", None,
       _m("PRODUCT-QUESTION", "generic",
          "Hola:\n\nAntes de comprar el hub USB-C en Amazon, quería saber si es compatible con un iPad Pro "
          "y si la salida HDMI funciona a 60 Hz en 4K.\n\nGracias,\n{full}",
          subject="Pregunta sobre el hub USB-C"), email=True),
)


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------

_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
}


def _local_date(market: Marketplace, when: datetime) -> str:
    local = when + timedelta(hours=market.utc_offset)
    if market.language == "ja":
        return f"{local.month}月{local.day}日"
    month = _MONTHS[market.language][local.month - 1]
    if market.code == "US":
        return f"{month} {local.day}"
    if market.language == "de":
        return f"{local.day}. {month}"
    if market.language == "es":
        return f"{local.day} de {month}"
    return f"{local.day} {month}"


def _money(market: Marketplace, amount: Decimal) -> str:
    if market.currency == "JPY":
        return f"{int(amount):,}円"
    text = f"{amount:,.2f}"
    if market.currency == "USD":
        return f"${text}"
    if market.currency == "GBP":
        return f"£{text}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{text} €"


_TOPICS: Final[dict[str, dict[str, str]]] = {
    "en": {"shipping": "Shipping inquiry", "delivery": "Order delivery inquiry",
           "return": "Return policy inquiry", "product": "Product details inquiry", "generic": "Inquiry"},
    "de": {"shipping": "Anfrage zum Versand", "delivery": "Anfrage zur Lieferung",
           "return": "Anfrage zur Rücksendung", "product": "Anfrage zu Produktdetails", "generic": "Anfrage"},
    "fr": {"shipping": "Demande concernant l'expédition", "delivery": "Demande concernant la livraison",
           "return": "Demande concernant un retour", "product": "Demande de détails sur le produit",
           "generic": "Demande de renseignements"},
    "it": {"shipping": "Richiesta sulla spedizione", "delivery": "Richiesta sulla consegna",
           "return": "Richiesta sul reso", "product": "Richiesta di dettagli sul prodotto",
           "generic": "Richiesta di informazioni"},
    "es": {"shipping": "Consulta sobre el envío", "delivery": "Consulta sobre la entrega",
           "return": "Consulta sobre devoluciones", "product": "Consulta sobre detalles del producto",
           "generic": "Consulta"},
    "ja": {"shipping": "配送に関する", "delivery": "お届けに関する", "return": "返品に関する",
           "product": "商品詳細に関する", "generic": ""},
}


def _relay_subject(rng: random.Random, market: Marketplace, topic: str, name: str,
                   order_id: str | None) -> str:
    """Amazon's relay subject, e.g. ``Shipping inquiry from Amazon customer Jane (Order: …)``."""
    lang = market.language
    prefix = _TOPICS[lang][topic]
    if lang == "en":
        if order_id and rng.random() < 0.08:
            name = ""           # observed: no name, double space before "(Order:"
        text = f"{prefix} from Amazon customer {name}"
        return f"{text} (Order: {order_id})" if order_id else text
    if lang == "de":
        text, label = f"{prefix} von Amazon-Kunde {name}", "Bestellung: "
    elif lang == "fr":
        text, label = f"{prefix} de la part du client Amazon {name}", "Commande : "
    elif lang == "it":
        text, label = f"{prefix} dal cliente Amazon {name}", "Ordine: "
    elif lang == "es":
        text, label = f"{prefix} del cliente de Amazon {name}", "Pedido: "
    else:
        text, label = f"Amazonのお客様 {name}様からの{prefix}お問い合わせ", "注文番号: "
    return f"{text} ({label}{order_id})" if order_id else text


def _ascii(text: str) -> str:
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(src, dst)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

_ALNUM: Final = "abcdefghijklmnopqrstuvwxyz0123456789"


class _Builder:
    def __init__(self, now: datetime, seed: int) -> None:
        self.now = now
        self.rng = random.Random(seed)
        self.orders: list[OrderRecord] = []
        self.order_buyer: dict[str, _Buyer] = {}
        self.buyers: dict[str, list[_Buyer]] = {m.code: [] for m in MARKETPLACES}
        self.used_ids: set[str] = set()
        self.used_aliases: set[str] = set()
        self.used_item_ids: set[str] = set()
        self.used_orders: set[str] = set()
        self.used_tokens: set[str] = set()

    # -- identities -----------------------------------------------------------------------------

    @staticmethod
    def _unique(used: set[str], make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in used:
                used.add(value)
                return value

    def order_id(self, market: Marketplace) -> str:
        rng = self.rng
        return self._unique(self.used_ids, lambda: "{}-{:07d}-{:07d}".format(
            rng.choice(market.order_prefixes), rng.randrange(10**7), rng.randrange(10**7)))

    def new_buyer(self, market: Marketplace, *, repeatable: bool = True) -> _Buyer:
        rng = self.rng
        alias = self._unique(self.used_aliases,
                             lambda: "".join(rng.choice(_ALNUM) for _ in range(15)))
        if market.code == "JP":
            (given, given_r), (family, family_r) = rng.choice(_JP_GIVEN), rng.choice(_JP_FAMILY)
            buyer = _Buyer("JP", given, family, (given_r, family_r), f"{alias}@{market.relay_domain}")
        else:
            first, last = rng.choice(_FIRST[market.code]), rng.choice(_LAST[market.code])
            buyer = _Buyer(market.code, first, last, (_ascii(first), _ascii(last)),
                           f"{alias}@{market.relay_domain}")
        if repeatable:
            self.buyers[market.code].append(buyer)
        return buyer

    def personal_address(self, buyer: _Buyer) -> str:
        rng = self.rng
        first, last = buyer.romaji
        local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{last}.{first}",
                            f"{first}{last}{rng.randrange(70, 100)}", f"{first}_{last[0]}{rng.randrange(1, 99)}"))
        return f"{local}@{rng.choice(_EMAIL_DOMAINS[buyer.market])}"

    # -- orders ---------------------------------------------------------------------------------

    def _daytime(self, market: Marketplace, earliest: datetime, latest: datetime) -> datetime:
        """A random moment in [earliest, latest], preferring the buyer's waking hours."""
        rng = self.rng
        span = (latest - earliest).total_seconds()
        when = latest
        for _ in range(4):
            when = earliest + timedelta(seconds=rng.uniform(0.0, span))
            if not 1 <= (when + timedelta(hours=market.utc_offset)).hour <= 6:
                break
        return when.replace(microsecond=0)

    def _status(self, market: Marketplace, channel: str, age_days: float, n_items: int) -> str:
        rng = self.rng
        if rng.random() < 0.035:
            return "Canceled"
        if market.code == "JP" and age_days < 5.0 and rng.random() < 0.3:
            return "Pending"        # convenience-store payment not made yet
        if age_days < 1.0 and rng.random() < 0.3:
            return "Pending"        # payment not yet authorized
        if channel == "AFN":
            if age_days < 0.5:
                return "Pending" if rng.random() < 0.5 else "Unshipped"
            if age_days < 1.5:
                return "Unshipped" if rng.random() < 0.4 else "Shipped"
        else:
            # FBM shipping has been paused since the suspension, about a week ago.
            if age_days < 0.3 and rng.random() < 0.4:
                return "Pending"
            if age_days < 7.0:
                return "Unshipped" if rng.random() < 0.8 else "Shipped"
            if rng.random() < 0.04:
                return "Unshipped"
        if n_items > 1 and age_days < 10 and rng.random() < 0.25:
            return "PartiallyShipped"
        return "Shipped"

    def _pick_products(self, first: _Product | None, n_items: int) -> list[_Product]:
        rng = self.rng
        chosen: list[_Product] = [first] if first else []
        while len(chosen) < n_items:
            pool = [p for p in _CATALOGUE if p not in chosen]
            chosen.append(rng.choices(pool, weights=[p.weight for p in pool])[0])
        return chosen

    def make_order(self, market: Marketplace, purchase: datetime, *, status: str | None = None,
                   channel: str | None = None, product: _Product | None = None,
                   n_items: int | None = None, buyer: _Buyer | None = None,
                   single_quantity: bool = False) -> OrderRecord:
        rng = self.rng
        if n_items is None:
            n_items = rng.choices((1, 2, 3), weights=(70, 23, 7))[0]
        if channel is None:
            channel = "MFN" if rng.random() < 0.3 else "AFN"
        products = self._pick_products(product, n_items)
        age_days = (self.now - purchase).total_seconds() / 86400.0
        if status is None:
            status = self._status(market, channel, age_days, n_items)
        if buyer is None:
            repeat = self.buyers[market.code]
            buyer = rng.choice(repeat) if repeat and rng.random() < 0.04 else self.new_buyer(market)

        items: list[OrderItemRecord] = []
        for index, prod in enumerate(products):
            quantity = 1
            if not single_quantity and prod.max_qty > 1:
                quantity = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
                quantity = min(quantity, prod.max_qty)
            unit = prod.price(market.currency)
            if status == "Canceled":
                item_status = "Canceled"
            elif status == "PartiallyShipped":
                item_status = "Shipped" if index == 0 else "Unshipped"
            else:
                item_status = status
            items.append(OrderItemRecord(
                order_item_id=self._unique(self.used_item_ids,
                                           lambda: f"{rng.randrange(10**13, 10**14)}"),
                sku=prod.sku, asin=prod.asin, title=prod.title(market), quantity=quantity,
                unit_price=unit, line_price=unit * quantity, currency=market.currency,
                item_status=item_status))
        total = sum((item.line_price for item in items if item.line_price is not None), Decimal(0))

        latest_ship: datetime | None = None
        if channel == "MFN":
            handling = rng.choice((1, 2, 2, 3))
            local = purchase + timedelta(hours=market.utc_offset) + timedelta(days=handling)
            end_of_day = local.replace(hour=23, minute=59, second=59, microsecond=0)
            latest_ship = end_of_day - timedelta(hours=market.utc_offset)
        if status in ("Shipped", "PartiallyShipped"):
            lag = timedelta(hours=rng.uniform(6.0, 60.0))
        elif status == "Canceled":
            lag = timedelta(hours=rng.uniform(0.2, 30.0))
        else:
            lag = timedelta(minutes=rng.uniform(1.0, 40.0))
        last_update = min(purchase + lag, self.now).replace(microsecond=0)

        if market.code == "JP":
            level = rng.choice(("Standard", "Standard", "Expedited"))
        elif channel == "AFN":
            level = rng.choices(("Standard", "Expedited", "NextDay"), weights=(70, 20, 10))[0]
        else:
            level = rng.choices(("Standard", "Expedited"), weights=(85, 15))[0]

        order = OrderRecord(
            amazon_order_id=self.order_id(market), purchase_date=purchase, status=status,
            fulfillment_channel=channel, marketplace=market.code, sales_channel=market.sales_channel,
            currency=market.currency, total=total, last_update=last_update,
            buyer_name=buyer.full, buyer_email=buyer.alias, latest_ship_date=latest_ship,
            ship_service_level=level, items=tuple(items))
        self.orders.append(order)
        self.order_buyer[order.amazon_order_id] = buyer
        return order

    def random_orders(self, count: int) -> None:
        rng = self.rng
        markets = rng.choices(MARKETPLACES, weights=[m.weight for m in MARKETPLACES], k=count)
        earliest = self.now - ORDER_WINDOW + timedelta(minutes=5)
        for market in markets:
            # Slightly more orders in recent weeks than six weeks ago.
            age = ORDER_WINDOW * (1.0 - rng.random() ** 0.85)
            centre = max(self.now - age, earliest)
            start = max(centre - timedelta(hours=3), earliest)
            end = min(centre + timedelta(hours=3), self.now)
            self.make_order(market, self._daytime(market, start, end))
        # Orders keep arriving: a few placed in the last hours, payment not yet confirmed; and
        # a few split shipments.
        for _ in range(rng.randint(2, 4)):
            market = rng.choices(MARKETPLACES, weights=[m.weight for m in MARKETPLACES])[0]
            when = self._daytime(market, self.now - timedelta(hours=8), self.now)
            self.make_order(market, when, status="Pending")
        for _ in range(rng.randint(2, 3)):
            market = rng.choices(MARKETPLACES, weights=[m.weight for m in MARKETPLACES])[0]
            when = self._daytime(market, self.now - timedelta(days=9), self.now - timedelta(days=2))
            self.make_order(market, when, status="PartiallyShipped", channel="AFN",
                            n_items=rng.choice((2, 3)))

    # -- picking an order for a thread ----------------------------------------------------------

    @staticmethod
    def _value_ok(order: OrderRecord, high: bool) -> bool:
        threshold = HIGH_VALUE_THRESHOLDS[order.currency or "USD"]
        total = order.total or Decimal(0)
        return total >= threshold if high else total < threshold * _LOW_VALUE_FACTOR

    def order_for(self, market: Marketplace, need: _Need, first_at: datetime) -> OrderRecord:
        rng = self.rng
        newest = first_at - timedelta(days=need.min_days)
        oldest = max(first_at - timedelta(days=need.max_days),
                     self.now - ORDER_WINDOW + timedelta(minutes=5))
        skus = {_PRODUCT[key].sku for key in need.products}
        candidates = [
            o for o in self.orders
            if o.marketplace == market.code and o.amazon_order_id not in self.used_orders
            and oldest <= o.purchase_date <= newest and o.status in need.statuses
            and (need.channel is None or o.fulfillment_channel == need.channel)
            and (not skus or any(item.sku in skus for item in o.items))
            and self._value_ok(o, need.high_value)
        ]
        if candidates:
            order = rng.choice(candidates)
        else:
            order = self._order_to_fit(market, need, oldest, newest)
        self.used_orders.add(order.amazon_order_id)
        return order

    def _order_to_fit(self, market: Marketplace, need: _Need, oldest: datetime,
                      newest: datetime) -> OrderRecord:
        """A new single-item order that satisfies ``need`` (when no cached order does)."""
        rng = self.rng
        purchase = self._daytime(market, oldest, newest)
        age = self.now - purchase
        status = rng.choice(need.statuses)
        if status == "Pending" and age > timedelta(hours=12):
            status = "Unshipped"
        channel = need.channel
        if channel is None and status in ("Pending", "Unshipped"):
            channel = "MFN" if age > timedelta(days=1) else rng.choice(("AFN", "MFN"))
        if need.products:
            product = _PRODUCT[rng.choice(need.products)]
        else:
            pool = [p for p in _CATALOGUE if p.key != "powerstation"]
            product = rng.choices(pool, weights=[p.weight for p in pool])[0]
        # One unit of one product: the power station is above every threshold, everything else
        # below 80 % of it.
        return self.make_order(market, purchase, status=status, channel=channel, product=product,
                               n_items=1, single_quantity=True)

    # -- messages -------------------------------------------------------------------------------

    def _message_id(self) -> str:
        rng = self.rng
        token = self._unique(self.used_tokens, lambda: "".join(rng.choice("0123456789abcdef")
                                                                for _ in range(24)))
        return f"{token}@{MESSAGE_ID_DOMAIN}"

    def _thread_times(self, scenario: _Scenario) -> list[float]:
        """Ages in hours (newest last) of the thread's messages."""
        rng = self.rng
        window = MESSAGE_WINDOW.total_seconds() / 3600.0 - 0.5
        if len(scenario.msgs) == 1:
            bucket = rng.random()
            if bucket < 0.1:
                return [rng.uniform(24.5, window)]          # overdue
            if bucket < 0.2:
                return [rng.uniform(16.0, 23.5)]            # due within 8 hours
            return [rng.uniform(0.05, 16.0)]                # fresh
        need = sum(m.gap[0] for m in scenario.msgs[1:]) + 1.0
        ages = [rng.uniform(max(need, 26.0), window)]
        for msg in scenario.msgs[1:]:
            age = ages[-1] - rng.uniform(*msg.gap)
            if age < 0.05:
                age = ages[-1] * rng.uniform(0.3, 0.6)
            ages.append(age)
        return ages

    def _when(self, market: Marketplace, age_hours: float) -> datetime:
        centre = self.now - timedelta(hours=age_hours)
        start = max(centre - timedelta(minutes=30), self.now - MESSAGE_WINDOW + timedelta(minutes=1))
        end = min(centre + timedelta(minutes=30), self.now)
        return self._daytime(market, start, end)

    def messages(self) -> tuple[list[tuple[datetime, MessageRecord]], dict[str, tuple[str, frozenset[str]]],
                                dict[str, str]]:
        rng = self.rng
        out: list[tuple[datetime, MessageRecord]] = []
        labels: dict[str, tuple[str, frozenset[str]]] = {}
        languages: dict[str, str] = {}
        for scenario in _SCENARIOS:
            if scenario.p < 1.0 and rng.random() >= scenario.p:
                continue
            market = _MARKET[rng.choice(scenario.markets)]
            ages = self._thread_times(scenario)
            times = [self._when(market, age) for age in ages]
            for i in range(1, len(times)):      # keep the thread in order after rounding
                if times[i] <= times[i - 1]:
                    times[i] = min(times[i - 1] + timedelta(minutes=rng.randint(3, 40)), self.now)

            order: OrderRecord | None = None
            if scenario.need is not None:
                order = self.order_for(market, scenario.need, times[0])
                buyer = self.order_buyer[order.amazon_order_id]
            else:
                buyer = self.new_buyer(market, repeatable=False)
            email = scenario.channel == "email"
            from_addr = self.personal_address(buyer) if email else buyer.alias
            from_name = buyer.full if email else buyer.sign
            values = self._values(market, buyer, order, scenario.need, times[0])

            for msg, when in zip(scenario.msgs, times):
                body = rng.choice(msg.bodies).format(**values)
                if email:
                    subject = (msg.subject or "").format(**values)
                else:
                    subject = _relay_subject(rng, market, msg.topic, buyer.sign,
                                             order.amazon_order_id if order else None)
                message_id = self._message_id()
                out.append((when, MessageRecord(
                    received_at=when, from_addr=from_addr.lower(), body=body, subject=subject,
                    from_name=from_name, to_addr=SELLER_ADDRESS, message_id=message_id,
                    amazon_order_id=order.amazon_order_id if order else None, raw=None)))
                labels[message_id] = (msg.category, msg.flags)
                languages[message_id] = market.language
        return out, labels, languages

    def _values(self, market: Marketplace, buyer: _Buyer, order: OrderRecord | None,
                need: _Need | None, first_at: datetime) -> dict[str, str]:
        values = {"sign": buyer.sign, "full": buyer.full, "order": "", "item": "", "thing": "",
                  "total": "", "price": "", "ordered": "", "days": ""}
        if order is None:
            return values
        item = order.items[0]
        if need is not None and need.products:
            skus = {_PRODUCT[key].sku for key in need.products}
            item = next(i for i in order.items if i.sku in skus)
        product = next(p for p in _CATALOGUE if p.sku == item.sku)
        values.update(
            order=order.amazon_order_id, item=item.title or "",
            thing=product.short[1] if market.language == "ja" else product.short[0],
            total=_money(market, order.total or Decimal(0)),
            price=_money(market, item.line_price or Decimal(0)),
            ordered=_local_date(market, order.purchase_date),
            days=str(max(1, (first_at - order.purchase_date).days)))
        return values


def generate(now: datetime, seed: int = DEFAULT_SEED) -> DemoData:
    """Synthetic orders and buyer messages as of ``now`` (a naive ``now`` is taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now = now.astimezone(UTC)
    builder = _Builder(now, seed)
    builder.random_orders(builder.rng.randint(265, 295))
    dated, labels, languages = builder.messages()

    dated.sort(key=lambda pair: (pair[0], pair[1].message_id or ""))
    messages = [MessageRecord(
        received_at=m.received_at, from_addr=m.from_addr, body=m.body, subject=m.subject,
        from_name=m.from_name, to_addr=m.to_addr, message_id=m.message_id,
        amazon_order_id=m.amazon_order_id, raw=None, source_ref=f"demo#{n}")
        for n, (_, m) in enumerate(dated, start=1)]
    orders = sorted(builder.orders, key=lambda o: (o.purchase_date, o.amazon_order_id))
    return DemoData(orders=orders, messages=messages, labels=labels, languages=languages)
