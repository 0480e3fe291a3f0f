"""Writes the sample buyer messages in this folder (synthetic: no real buyer data).

Run from the repository root:  .venv/bin/python tests/data/messages/make_samples.py
The files are committed; this script documents how the encoded ones were made.
Layout of Amazon relay mail follows shared/fixtures/amazon/buyer-messages/email-format-notes.md.
"""

from __future__ import annotations

import base64
import quopri
from email.header import Header
from pathlib import Path

HERE = Path(__file__).resolve().parent

FOOTER = (
    "For Your Information: To help arbitrate disputes and preserve trust and safety, we "
    "retain all messages buyers and sellers send through Amazon.com for two years. This "
    "includes your response to the message above. Amazon.com uses filtering technology to "
    "protect buyers and sellers from possible fraud. Messages that fail this filtering will "
    "not be transmitted.\n\n"
    "We want you to buy with confidence anytime you purchase products on Amazon.com. Learn "
    "more about Safe Online Shopping (https://www.amazon.com/gp/help/customer/display.html"
    "?nodeId=551434) and our safe buying guarantee (https://www.amazon.com/gp/help/customer/"
    "display.html?nodeId=537868).\n\n"
    "If you believe this message is suspicious, please report it to us here: "
    "https://www.amazon.com/gp/communication-manager/report.html?ft=InappropriateContent"
    "&msg={tok}&d=1718000000&mp=ATVPDKIKX0DER&v=1&t=0123456789abcdef0123456789abcdef01234567\n\n"
    "To mark this message as no response needed, click here: https://www.amazon.com/gp/"
    "communication-manager/no-response-needed.html?msg={tok}&d=1718000000&mp=ATVPDKIKX0DER"
    "&v=1&t=0123456789abcdef0123456789abcdef01234567\n\n"
    "[commMgrTok:{tok}]\n"
)


def relay_body(order: str | None, item: str, text: str, tok: str,
               begin: str = "------------- Begin message -------------",
               end: str = "------------- End message -------------") -> str:
    head = f"Order ID: {order}:\n1 of {item} [ASIN: B0TESTASIN]\n\n" if order else ""
    return f"{head}{begin}\n\n{text}\n\n{end}\n\n" + FOOTER.format(tok=tok)


def headers(**fields: str) -> bytes:
    lines = []
    for name, value in fields.items():
        lines.append(f"{name.replace('_', '-')}: {value}")
    return ("\n".join(lines) + "\n").encode("ascii")


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def enc(text: str, charset: str = "utf-8") -> str:
    return Header(text, charset).encode()


def main() -> None:
    # 1. US, English, plain 7bit, the usual subject form.
    write("relay_en_shipping.eml", headers(
        Return_Path="<abcdefghjk12345@marketplace.amazon.com>",
        From='"Jane Doe - Amazon Marketplace" <abcdefghjk12345@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Shipping inquiry from Amazon customer Jane Doe (Order: 113-1234567-1234567)",
        Date="Mon, 10 Jun 2024 14:03:27 -0700",
        Message_ID="<0100018f0a1b2c3d-11111111-2222-3333-4444-555555555555-000000@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="UTF-8"',
        Content_Transfer_Encoding="7bit",
    ) + b"\n" + relay_body(
        "113-1234567-1234567", "Stainless Steel Water Bottle 750ml",
        "Hello,\nI ordered this bottle ten days ago and the tracking has not moved since "
        "Tuesday. Can you tell me where my package is?\nThanks, Jane",
        "AF9E104T7W2Q2").encode("ascii"))

    # 2. DE, quoted-printable UTF-8 body, encoded-word subject.
    text = ("Guten Tag,\nich habe die Ware vor zwei Wochen bestellt und sie ist immer noch nicht "
            "angekommen. Bitte teilen Sie mir mit, wann das Paket geliefert wird, sonst möchte "
            "ich eine Rückerstattung.\nMit freundlichen Grüßen\nMax Mustermann")
    body = relay_body("302-7654321-7654321", "Thermoskanne 1 Liter", text, "BG1TESTTOKDE1")
    write("relay_de_qp.eml", headers(
        From='"Max Mustermann - Amazon Marketplace" <qwertzuiopasdfg@marketplace.amazon.de>',
        To="shop@example-store.test",
        Subject=enc("Anfrage zur Lieferung von Amazon-Kunde Max Mustermann (Bestellung: 302-7654321-7654321)"),
        Date="Tue, 11 Jun 2024 09:15:00 +0200",
        Message_ID="<de-qp-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="utf-8"',
        Content_Transfer_Encoding="quoted-printable",
    ) + b"\n" + quopri.encodestring(body.encode("utf-8")))

    # 3. FR, ISO-8859-1 8bit body, ISO-8859-1 encoded subject.
    text = ("Bonjour,\nj'ai reçu le colis mais l'article est abîmé : le couvercle est fêlé. "
            "Pourriez-vous m'envoyer un remplacement ou me rembourser ?\nCordialement,\nMarie Dupont")
    body = relay_body("171-2345678-2345678", "Boîte à lunch isotherme", text, "CH2TESTTOKFR2")
    write("relay_fr_latin1.eml", headers(
        From='"Marie Dupont - Amazon Marketplace" <zxcvbnmasdfghjk@marketplace.amazon.fr>',
        To="boutique@example-store.test",
        Subject=enc("Demande de renseignements de la part du client Amazon Marie Dupont (Commande : 171-2345678-2345678) - article abîmé", "iso-8859-1"),
        Date="Wed, 12 Jun 2024 18:42:10 +0200",
        Message_ID="<fr-latin1-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type="text/plain; charset=ISO-8859-1",
        Content_Transfer_Encoding="8bit",
    ) + b"\n" + body.encode("iso-8859-1"))

    # 4. IT, base64 UTF-8 body.
    text = ("Buongiorno,\nho ordinato questo articolo due settimane fa e non è ancora arrivato. "
            "Potete dirmi dov'è il mio pacco? Altrimenti vorrei annullare l'ordine.\nGrazie,\nMario Rossi")
    body = relay_body("402-3456789-3456789", "Borraccia termica 500 ml", text, "DI3TESTTOKIT3")
    write("relay_it_base64.eml", headers(
        From='"Mario Rossi - Amazon Marketplace" <poiuytrewqlkjhg@marketplace.amazon.it>',
        To="negozio@example-store.test",
        Subject="Shipping inquiry from Amazon customer Mario Rossi (Order: 402-3456789-3456789)",
        Date="Thu, 13 Jun 2024 08:00:00 +0200",
        Message_ID="<it-b64-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="UTF-8"',
        Content_Transfer_Encoding="base64",
    ) + b"\n" + base64.encodebytes(body.encode("utf-8")))

    # 5. ES, HTML only, <br /> line breaks and entities.
    text = ("Hola,<br />pedí este artículo hace dos semanas y todavía no ha llegado.<br />"
            "¿Dónde está mi paquete? Necesito el reembolso si no llega esta semana.<br />"
            "Saludos,<br />Juan P&eacute;rez &amp; familia")
    html_body = (
        "<html><head><style>p {color: red}</style><title>Amazon</title></head><body>"
        "Order ID: 403-4567890-4567890:<br />1 of Botella de agua 1 L [ASIN: B0TESTASIN]<br /><br />"
        "------------- Begin message -------------<br /><br />"
        f"{text}<br /><br />------------- End message -------------<br /><br />"
        + FOOTER.format(tok="EJ4TESTTOKES4").replace("\n", "<br />")
        + "</body></html>")
    write("relay_es_html.eml", headers(
        From='"Juan Perez - Amazon Marketplace" <mnbvcxzlkjhgfds@marketplace.amazon.es>',
        To="tienda@example-store.test",
        Subject="Order delivery inquiry from Amazon customer Juan Perez (Order: 403-4567890-4567890)",
        Date="Fri, 14 Jun 2024 12:30:00 +0200",
        Message_ID="<es-html-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/html; charset="UTF-8"',
        Content_Transfer_Encoding="quoted-printable",
    ) + b"\n" + quopri.encodestring(html_body.encode("utf-8")))

    # 6. JP, Shift_JIS body (8bit), ISO-2022-JP encoded subject.
    text = ("お世話になっております。\n注文した商品がまだ届いていません。"
            "配送状況を教えていただけますか。\n届かない場合は返金をお願いします。\n山田")
    body = relay_body("503-5678901-5678901", "ステンレスボトル 500ml", text, "FK5TESTTOKJP5")
    write("relay_ja_sjis.eml", headers(
        From='"Taro Yamada - Amazon Marketplace" <lkjhgfdsapoiuyt@marketplace.amazon.co.jp>',
        To="shop@example-store.test",
        Subject=enc("Amazonのお客様 山田 太郎 からの配送に関するお問い合わせ (注文番号: 503-5678901-5678901)", "iso-2022-jp"),
        Date="Sat, 15 Jun 2024 10:05:00 +0900",
        Message_ID="<ja-sjis-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type="text/plain; charset=Shift_JIS",
        Content_Transfer_Encoding="8bit",
    ) + b"\n" + body.encode("cp932"))

    # 7. JP, ISO-2022-JP 7bit body, plus-suffixed relay alias, no name, double-space subject.
    text = "商品が届きません。\n注文番号をご確認の上、至急ご連絡ください。"
    body = relay_body("504-6789012-6789012", "ステンレスボトル 500ml", text, "GL6TESTTOKJP6")
    write("relay_ja_iso2022jp_noname.eml", headers(
        From="<asdfghjklqwerty+1a2b3c4d@marketplace.amazon.co.jp>",
        To="shop@example-store.test",
        Subject="Order delivery inquiry from Amazon customer  (Order: 504-6789012-6789012)",
        Date="Sun, 16 Jun 2024 21:45:00 +0900",
        Message_ID="<ja-2022-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="ISO-2022-JP"',
        Content_Transfer_Encoding="7bit",
    ) + b"\n" + body.encode("iso2022_jp"))

    # 8. Pre-sale question: no order id anywhere.
    write("relay_presale.eml", headers(
        From='"Tom Baker - Amazon Marketplace" <ghjklzxcvbnmqwe@marketplace.amazon.co.uk>',
        To="orders@example-store.test",
        Subject="Product details inquiry from Amazon customer Tom Baker",
        Date="Mon, 17 Jun 2024 11:11:11 +0100",
        Message_ID="<uk-presale-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type="text/plain; charset=us-ascii",
    ) + b"\n" + relay_body(
        None, "", "Hi, is the 750ml bottle dishwasher safe? And does the lid fit the 500ml "
        "model as well?\nCheers", "HM7TESTTOKUK7").encode("ascii"))

    # 9. A buyer's reply (Re:), quoting an earlier turn.
    text = ("Thanks for the quick answer, but I still have not received anything.\n\n"
            "--- Original message ---\nHello Jane, your parcel is on its way. Regards")
    write("relay_reply.eml", headers(
        From='"Jane Doe - Amazon Marketplace" <abcdefghjk12345@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="RE: Exchange request for order (Order: 113-1234567-1234567) [EXTERNAL]",
        Date="Tue, 18 Jun 2024 07:20:00 -0700",
        Message_ID="<us-reply-0002@email.amazonses.com>",
        In_Reply_To="<seller-0001@example-store.test>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="UTF-8"',
    ) + b"\n" + relay_body(None, "", text, "IN8TESTTOKUS8").encode("ascii"))

    # 10. amazon.ca bilingual markers (14 dashes), no space before "(Order:".
    body = relay_body(
        None, "", "Bonjour, Hello,\nCan I return the bottle? It leaks.\nMerci",
        "JO9TESTTOKCA9",
        begin="-------------- Begin message / Début du message -------------",
        end="-------------- End message / Fin du message --------------")
    body = ("(Objet: Demande de renseignements de la part du client Amazon Luc Tremblay)\n\n"
            "Order ID/Commande N°: 702-1111111-2222222:\n" + body)
    write("relay_ca_bilingual.eml", headers(
        From='"Luc Tremblay - Amazon Marketplace" <qazwsxedcrfvtgb@marketplace.amazon.ca>',
        To="orders@example-store.test",
        Subject="Return policy inquiry from Amazon customer Luc Tremblay(Order: 702-1111111-2222222)",
        Date="Wed, 19 Jun 2024 16:00:00 -0400",
        Message_ID="<ca-bilingual-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="UTF-8"',
        Content_Transfer_Encoding="8bit",
    ) + b"\n" + body.encode("utf-8"))

    # 11. Attachment: a photo and a PDF (RFC 2231 encoded UTF-8 name).
    jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
    pdf = b"%PDF-1.4\n% synthetic test file\n%%EOF\n"
    write("relay_with_attachment.eml", headers(
        From='"Jane Doe - Amazon Marketplace" <abcdefghjk12345@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Inquiry from Amazon customer Jane Doe (Order: 113-1234567-1234567)",
        Date="Thu, 20 Jun 2024 10:00:00 -0700",
        Message_ID="<us-attach-0001@email.amazonses.com>",
        MIME_Version="1.0",
        Content_Type='multipart/mixed; boundary="=_outer_boundary_1"',
    ) + (
        "\nThis is a multi-part message in MIME format.\n\n"
        "--=_outer_boundary_1\n"
        "Content-Type: multipart/alternative; boundary=\"=_alt_boundary_2\"\n\n"
        "--=_alt_boundary_2\n"
        "Content-Type: text/plain; charset=UTF-8\n\n"
        + relay_body("113-1234567-1234567", "Stainless Steel Water Bottle 750ml",
                     "The bottle arrived dented, see the photo attached.", "KP0TESTTOKUS0")
        + "\n--=_alt_boundary_2\n"
        "Content-Type: text/html; charset=UTF-8\n\n"
        "<p>The bottle arrived dented, see the photo attached. (HTML version)</p>\n"
        "--=_alt_boundary_2--\n\n"
        "--=_outer_boundary_1\n"
        "Content-Type: image/jpeg; name=\"dented bottle.jpg\"\n"
        "Content-Disposition: attachment; filename=\"dented bottle.jpg\"\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(jpeg).decode("ascii")
        + "\n--=_outer_boundary_1\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(pdf).decode("ascii")
        + "\n--=_outer_boundary_1--\n").encode("utf-8"))

    # 12. Hostile attachment names.
    long_name = "a" * 296 + ".pdf"
    names = [
        'filename="../../etc/passwd"',
        'filename="CON.txt"',
        "filename*=UTF-8''invoice%E2%80%AEfdp.exe",
        'filename=".."',
        'filename=""',
        f'filename="{long_name}"',
        'filename="C:\\\\Windows\\\\System32\\\\evil.dll"',
        'filename=".hidden"',
    ]
    parts = ["--BOUNDARY\nContent-Type: text/plain; charset=utf-8\n\nSee the attached files.\n"]
    for i, name in enumerate(names):
        parts.append(
            "--BOUNDARY\nContent-Type: application/octet-stream\n"
            f"Content-Disposition: attachment; {name}\n"
            "Content-Transfer-Encoding: base64\n\n"
            + base64.b64encode(f"payload {i}".encode()).decode() + "\n")
    write("hostile_attachments.eml", headers(
        From='"Mallory - Amazon Marketplace" <mallorymallory1@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Inquiry from Amazon customer Mallory (Order: 113-9999999-9999999)",
        Date="Fri, 21 Jun 2024 10:00:00 +0000",
        Message_ID="<hostile-0001@example.test>",
        MIME_Version="1.0",
        Content_Type='multipart/mixed; boundary="BOUNDARY"',
    ) + ("\n" + "".join(parts) + "--BOUNDARY--\n").encode("ascii"))

    # 13. A plain, non-Amazon e-mail (Windows line endings).
    write("plain_non_amazon.eml", (
        "From: Chris Example <Chris.Example@Example.ORG>\r\n"
        "To: Support <support@example-store.test>\r\n"
        "Subject: Question about wholesale prices\r\n"
        "Date: Sat, 22 Jun 2024 09:00:00 +0000\r\n"
        "Message-ID: <plain-0001@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Hello,\r\nwe would like to buy 200 bottles. Do you offer a discount?\r\n\r\nChris\r\n"
    ).encode("ascii"))

    # 14. Header injection: encoded CR/LF in Subject, display name and To.
    write("injection_subject.eml", headers(
        From='=?utf-8?q?Eve=0D=0ABcc:_victim@example.com_-_Amazon_Marketplace?= <evevevevevevev1@marketplace.amazon.com>',
        To="=?utf-8?q?shop=0A?= <shop@example-store.test>",
        Subject="=?utf-8?q?hi=0ABcc:_x@example.com?=",
        Date="Sun, 23 Jun 2024 10:00:00 +0000",
        Message_ID="<inject-0001@example.test>",
        MIME_Version="1.0",
        Content_Type="text/plain; charset=utf-8",
    ) + b"\nHello (Order: 113-2222222-3333333)\n")

    # 15. Unknown charset.
    write("unknown_charset.eml", headers(
        From='"Ann - Amazon Marketplace" <annannannannann@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Inquiry from Amazon customer Ann (Order: 113-4444444-5555555)",
        Date="Mon, 24 Jun 2024 10:00:00 +0000",
        Message_ID="<charset-0001@example.test>",
        MIME_Version="1.0",
        Content_Type='text/plain; charset="x-unknown-42"',
        Content_Transfer_Encoding="8bit",
    ) + b"\nWhere is my parcel? Caf\xe9 mug still missing.\n")

    # 16. Multipart without a boundary parameter.
    write("missing_boundary.eml", headers(
        From='"Bob - Amazon Marketplace" <bobbobbobbobbob@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Inquiry from Amazon customer Bob (Order: 113-6666666-7777777)",
        Date="Tue, 25 Jun 2024 10:00:00 +0000",
        Message_ID="<noboundary-0001@example.test>",
        MIME_Version="1.0",
        Content_Type="multipart/mixed",
    ) + (b"\n--lost\nContent-Type: text/plain\n\nMy order never came, please refund.\n"
         b"--lost--\n"))

    # 17. Broken base64 (invalid characters, truncated last group).
    good = base64.b64encode("Please refund my order, the item is broken.!!".encode()).decode()
    assert len(good) % 4 == 0 and "=" not in good
    write("broken_base64.eml", headers(
        From='"Cy - Amazon Marketplace" <cycycycycycycy1@marketplace.amazon.com>',
        To="orders@example-store.test",
        Subject="Inquiry from Amazon customer Cy (Order: 113-8888888-9999999)",
        Date="Wed, 26 Jun 2024 10:00:00 +0000",
        Message_ID="<b64-0001@example.test>",
        MIME_Version="1.0",
        Content_Type="text/plain; charset=utf-8",
        Content_Transfer_Encoding="base64",
    ) + ("\n" + good[:20] + "!!**" + good[20:] + "Q\n").encode("ascii"))

    # 18. Bad records.
    write("no_date.eml", headers(
        From='"Dee - Amazon Marketplace" <deedeedeedeedee@marketplace.amazon.com>',
        Subject="Inquiry from Amazon customer Dee", Message_ID="<nodate@example.test>",
    ) + b"\nNo date header here.\n")
    write("bad_date.eml", headers(
        From='"Dee - Amazon Marketplace" <deedeedeedeedee@marketplace.amazon.com>',
        Subject="Inquiry from Amazon customer Dee", Date="someday soon",
    ) + b"\nThe date is nonsense.\n")
    write("no_from.eml", headers(
        From="undisclosed-recipients:;", Subject="Who am I", Date="Thu, 27 Jun 2024 10:00:00 +0000",
    ) + b"\nNo usable sender.\n")

    # 19. A 200,000-character body.
    para = "This is a very long complaint about order 113-1212121-3434343. " * 10 + "\n"
    long_text = (para * (200_000 // len(para) + 1))[:200_000]
    write("long_body.eml", headers(
        From='"Lee - Amazon Marketplace" <leeleeleeleelee@marketplace.amazon.com>',
        Subject="Inquiry from Amazon customer Lee",
        Date="Fri, 28 Jun 2024 10:00:00 +0000", Message_ID="<long-0001@example.test>",
        MIME_Version="1.0", Content_Type="text/plain; charset=utf-8",
    ) + b"\n" + long_text.encode("ascii"))

    # 20. An mbox (mboxrd) with several messages; a body line "From ..." escaped as ">From ".
    mbox = (
        b"From abcdefghjk12345@marketplace.amazon.com Mon Jul  1 10:00:00 2024\n"
        + headers(
            From='"Jane Doe - Amazon Marketplace" <abcdefghjk12345@marketplace.amazon.com>',
            To="orders@example-store.test",
            Subject="Shipping inquiry from Amazon customer Jane Doe (Order: 113-1234567-1234567)",
            Date="Mon, 01 Jul 2024 10:00:00 +0000", Message_ID="<mbox-1@email.amazonses.com>")
        + b"\nFirst message.\n>From the tracking page it looks stuck.\n>>From here on quoted.\n\n"
        b"From qwertzuiopasdfg@marketplace.amazon.de Tue Jul  2 11:00:00 2024\n"
        + headers(
            From='"Max Mustermann - Amazon Marketplace" <qwertzuiopasdfg@marketplace.amazon.de>',
            Subject="=?utf-8?q?R=C3=BCcksendung_(Bestellung:_302-7654321-7654321)?=",
            Message_ID="<mbox-2@email.amazonses.com>")
        + b"\nKein Datum im Kopf: das Datum der From-Zeile gilt.\n\n"
        b"From MAILER-DAEMON Wed Jul  3 12:00:00 2024\n"
        + headers(From='"Chris" <chris@example.org>', Subject="Hello",
                  Date="Wed, 03 Jul 2024 12:00:00 +0000")
        + b"\nThird message.\n\nFrom now on I will write through Amazon only.\n\n"
        b"From lkjhgfdsapoiuyt@marketplace.amazon.co.jp Thu Jul  4 13:00:00 2024\n"
        + headers(
            From='"Taro Yamada - Amazon Marketplace" <lkjhgfdsapoiuyt@marketplace.amazon.co.jp>',
            Subject=enc("返品について", "iso-2022-jp") + " (Order: 503-5678901-5678901)",
            Date="Thu, 04 Jul 2024 13:00:00 +0900", Message_ID="<mbox-4@email.amazonses.com>",
            MIME_Version="1.0", Content_Type="text/plain; charset=utf-8",
            Content_Transfer_Encoding="8bit")
        + "\n返品したいです。\n".encode("utf-8")
    )
    write("mailbox.mbox", mbox)

    # 21. An mbox with one bad message (no sender) between two good ones.
    write("bad_record.mbox",
          b"From a@example.org Mon Jul  1 10:00:00 2024\n"
          + headers(From="a@example.org", Subject="one", Date="Mon, 01 Jul 2024 10:00:00 +0000")
          + b"\nok\n\n"
          b"From nobody Mon Jul  1 11:00:00 2024\n"
          + headers(Subject="two", Date="Mon, 01 Jul 2024 11:00:00 +0000")
          + b"\nno From header\n\n"
          b"From c@example.org Mon Jul  1 12:00:00 2024\n"
          + headers(From="c@example.org", Subject="three", Date="Mon, 01 Jul 2024 12:00:00 +0000")
          + b"\nok\n")

    # 22. CSV: embedded newlines and quotes, non-ASCII, offsets and Z, empty order id.
    write("messages.csv", (
        "order_id,received_at,from,subject,body\r\n"
        "113-1234567-1234567,2024-06-10T21:03:27Z,abcdefghjk12345@marketplace.amazon.com,"
        "Shipping inquiry from Amazon customer Jane Doe (Order: 113-1234567-1234567),"
        "\"Hello,\nwhere is my \"\"express\"\" parcel?\nJane\"\r\n"
        ",2024-06-11T09:15:00+02:00,\"Max Mustermann - Amazon Marketplace "
        "<QWERTZUIOPASDFG@marketplace.amazon.de>\",Rückfrage (Bestellung: 302-7654321-7654321),"
        "\"Grüße aus München, wo bleibt mein Paket?\"\r\n"
        ",2024-06-15T10:05:00+09:00,lkjhgfdsapoiuyt@marketplace.amazon.co.jp,お問い合わせ,"
        "注文番号 503-5678901-5678901 の商品が届きません。\r\n"
        "\r\n"
        ",2024-06-17T11:11:11+01:00,ghjklzxcvbnmqwe@marketplace.amazon.co.uk,"
        "Product details inquiry from Amazon customer Tom,\"Is it dishwasher safe?\"\r\n"
    ).encode("utf-8"))

    write("wrong_header.csv", b"order,received,from,subject,body\n1,2,3,4,5\n")
    write("bad_rows.csv", (
        "order_id,received_at,from,subject,body\n"
        "113-1234567-1234567,2024-06-10T21:03:27Z,a@example.org,good one,fine\n"
        "113-1234567-1234567,yesterday,a@example.org,bad time,x\n"
        "113-1234567-1234567,2024-06-10T21:03:27,a@example.org,no offset,x\n"
        "113-1234567-1234567,2024-06-10T21:03:27Z,,missing from,x\n"
        "113-1234567,2024-06-10T21:03:27Z,a@example.org,bad order id,x\n"
        "113-1234567-1234567,2024-06-10T21:03:27Z,a@example.org,too few\n"
        "113-1234567-1234567,2024-06-10T21:03:27Z,a@example.org,\"bad\"quote,x\n"
        ",2024-06-10T22:00:00+00:00,b@example.org,last good one,\"multi\nline\"\n"
    ).encode("utf-8"))
    write("nul_byte.csv", (
        "order_id,received_at,from,subject,body\n"
        ",2024-06-10T21:03:27Z,a@example.org,nul,\"before\x00after\"\n"
    ).encode("utf-8"))

    write("not_messages.txt", b"Dear diary,\nthis is not an e-mail at all.\n")


if __name__ == "__main__":
    main()
