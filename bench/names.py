"""Varied German names for benchmark data, as real tenants have them: a contact's first and
last name and a customer's company come from these lists (deterministically per number), so
a name search meets the same spread of common and rare names as in a real tenant."""

import random

FIRST_NAMES = (
    "Anna", "Andreas", "Alexander", "Angelika", "Barbara", "Bernd", "Birgit", "Christian",
    "Christina", "Claudia", "Daniel", "Dennis", "Dieter", "Elena", "Emma", "Felix", "Frank",
    "Gabriele", "Hannah", "Heike", "Helmut", "Ingrid", "Jan", "Jana", "Jens", "Jonas",
    "Julia", "Jürgen", "Karin", "Katharina", "Klaus", "Lara", "Laura", "Lea", "Lukas",
    "Marco", "Maria", "Marie", "Markus", "Martin", "Matthias", "Michael", "Monika", "Nicole",
    "Niklas", "Olga", "Paul", "Peter", "Petra", "Ralf", "Renate", "Sabine", "Sandra",
    "Sebastian", "Stefan", "Susanne", "Thomas", "Tim", "Ursula", "Uwe", "Wolfgang", "Yusuf",
    "Zeynep", "Ayşe", "Łukasz", "Agnieszka", "Dimitrios", "Giulia", "Mehmet", "Ольга",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze",
    "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs",
    "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel",
    "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck",
    "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
    "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto",
    "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf",
    "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch",
    "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Yılmaz",
    "Kaya", "Nowak", "Kowalski", "Wiśniewska", "Papadopoulos", "Rossi", "Nguyen", "Popescu",
    "Ivanova", "Hansen", "Jansen", "Dubois", "García", "Novák", "Horváth", "Schwab", "Ernst",
)  # fmt: skip
TRADES = (
    "Gartenbau", "Bau", "Elektro", "Immobilien", "Consulting", "Design", "Druck", "Logistik",
    "Medien", "Metallbau", "Reisen", "Software", "Steuerberatung", "Tischlerei", "Werbung",
    "Zahntechnik", "Optik", "Catering", "Dachdeckerei", "Haustechnik",
)  # fmt: skip
LEGAL_FORMS = ("GmbH", "GmbH & Co. KG", "AG", "e.K.", "KG", "UG (haftungsbeschränkt)")
# The long tail: rarer surnames made of two parts ("Lindhuber", "Eichstätter"), 1,600 of them.
NAME_STARTS = (
    "Adel", "Alt", "Bach", "Berg", "Birk", "Blum", "Brück", "Dorn", "Eich", "Eng", "Feld",
    "Fried", "Gold", "Grün", "Hag", "Hein", "Hirsch", "Holz", "Kess", "Kirch", "Kling",
    "Lind", "Mar", "Moos", "Neu", "Ost", "Pfaff", "Rein", "Ried", "Rosen", "Sand", "Schön",
    "Sieg", "Stein", "Tann", "Thal", "Wald", "Weid", "Wies", "Zeil",
)  # fmt: skip
NAME_ENDS = (
    "acher", "bach", "bauer", "berger", "brecht", "dorfer", "egger", "feld", "hammer",
    "hardt", "hauser", "heimer", "huber", "inger", "kamp", "kötter", "lechner", "ler",
    "mann", "maier", "mayr", "meister", "müller", "ner", "reiter", "rieder", "schmid",
    "schneider", "seder", "stätter", "steiner", "stetter", "thaler", "wald", "wanger",
    "wieser", "winkler", "wirth", "zeller", "zöller",
)  # fmt: skip
RARE_POSITIONS = 2  # contacts 0 and 1 of a customer have a rare surname, the others a common one


def company_name(number: int) -> str:
    """The company of customer ``number``, e.g. ``Schulz Gartenbau GmbH``."""
    pick = random.Random(number).choice  # noqa: S311 - spread, not secrecy
    return f"{pick(LAST_NAMES)} {pick(TRADES)} {pick(LEGAL_FORMS)}"


def contact_name(customer: int, position: int) -> tuple[str, str]:
    """First and last name of contact ``position`` of customer ``customer``: a common surname
    (about 1 in 120 contacts has each) or, for the first ``RARE_POSITIONS``, a rarer one (about
    1 in 4,000)."""
    pick = random.Random(-(customer * 8 + position) - 1).choice  # noqa: S311
    if position < RARE_POSITIONS:
        return pick(FIRST_NAMES), pick(NAME_STARTS) + pick(NAME_ENDS)
    return pick(FIRST_NAMES), pick(LAST_NAMES)
