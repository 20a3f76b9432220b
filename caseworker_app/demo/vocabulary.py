"""Data only: the names, places, plan wording and case notes of the fictional caseload."""

from __future__ import annotations

from dataclasses import dataclass

from caseworker_app.codes import ChronologyKind, Need

# ----- names ----------------------------------------------------------------------------------
CHILD_FIRST_M = (
    "Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
    "Leo", "Archie", "Thomas", "Joshua", "James", "William", "Daniel", "Samuel", "Henry", "Theo",
    "Arthur", "Lucas", "Ethan", "Max", "Finley", "Riley", "Dylan", "Logan", "Mason", "Harrison",
    "Jayden", "Kai", "Tyler", "Callum", "Lewis", "Ryan", "Connor", "Liam", "Kieran", "Jamie",
    "Benjamin", "Luke", "Owen", "Reuben", "Toby", "Isaac", "Elliot", "Louie", "Teddy", "Ronnie",
    "Albie", "Jude", "Rory", "Stanley", "Frankie", "Hugo", "Finn", "Sonny", "Ellis", "Bobby",
    "Reggie", "Alexander", "Frederick", "Theodore", "Nathaniel", "Christopher", "Matthew",
    "Joseph", "Edward", "Zachary", "Adam", "Aaron", "Bradley", "Cameron", "Declan", "Ewan",
    "Gabriel", "Jenson", "Kyle", "Morgan", "Nathan", "Rhys", "Sebastian", "Tommy", "Muhammad",
)
CHILD_FIRST_F = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Emily", "Grace", "Lily", "Sophie", "Chloe",
    "Jessica", "Ella", "Poppy", "Evie", "Isabella", "Sophia", "Freya", "Charlotte", "Ruby",
    "Daisy", "Holly", "Megan", "Hannah", "Lauren", "Ellie", "Millie", "Phoebe", "Willow",
    "Florence", "Ivy", "Rosie", "Harper", "Matilda", "Elsie", "Maisie", "Scarlett", "Erin",
    "Amber", "Katie", "Leah", "Bethany", "Abigail", "Georgia", "Eleanor", "Imogen", "Lucy",
    "Molly", "Eva", "Layla", "Aria", "Sienna", "Esme", "Maya", "Elizabeth", "Rebecca",
    "Katherine", "Alice", "Emma", "Jasmine", "Paige", "Courtney", "Shannon", "Summer", "Violet",
    "Hallie", "Iris", "Lola", "Nancy", "Aisha",
)
# Families whose home language is English but whose names are not all from the usual lists:
# Irish, Welsh, West African and European names, many with diacritics that fonts must show.
DIVERSE_FIRST_M = (
    "Seán", "Ciarán", "Oisín", "Eóin", "Oluwaseun", "Chidi", "Kwame", "José", "Mateo", "Dominik",
    "Björn", "Søren", "Rhodri", "Dafydd", "Tadhg", "Adebayo", "Jérôme", "Raphaël", "Zoltán",
)
DIVERSE_FIRST_F = (
    "Zoë", "Chloë", "Renée", "Siobhán", "Aoife", "Niamh", "Róisín", "Adaeze", "Amara", "Noémie",
    "Amélie", "Anaïs", "Inès", "Seren", "Ffion", "Léa", "Ngozi", "Chiamaka", "Maëlle",
)
DIVERSE_SURNAMES = (
    "O'Connor", "O'Neill", "Ó Briain", "McAllister", "Okafor", "Adeyemi", "Mensah", "Nguyen",
    "Müller", "García", "Fernández", "Lévesque", "Jönsson", "Llewelyn", "Ó Súilleabháin",
    "Kovačević", "Petrović", "Brennan", "Nwosu", "Osei",
)
NICKNAMES = {
    "William": "Will", "Alexander": "Alex", "Thomas": "Tom", "Samuel": "Sam", "Joshua": "Josh",
    "Benjamin": "Ben", "Oliver": "Ollie", "Frederick": "Freddie", "Daniel": "Danny",
    "James": "Jamie", "Isabella": "Bella", "Elizabeth": "Lizzie", "Charlotte": "Lottie",
    "Matilda": "Tilly", "Eleanor": "Ellie", "Katherine": "Kate", "Jessica": "Jess",
    "Rebecca": "Becky", "Abigail": "Abi", "Theodore": "Theo", "Nathaniel": "Nate",
    "Christopher": "Chris", "Zachary": "Zac", "Oluwaseun": "Seun", "Muhammad": "Mo",
    "Ana-Maria": "Ana", "Aleksandra": "Ola", "Mikołaj": "Miko", "Abdirahman": "Abdi",
}

# Home languages other than English: share among them, then boys', girls' and family names.
LANGUAGES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Polish": (24, (
        "Łukasz", "Jakub", "Kacper", "Mikołaj", "Szymon", "Filip", "Dominik", "Paweł", "Michał",
        "Wojciech", "Bartłomiej", "Antoni"), (
        "Zofia", "Wiktoria", "Zuzanna", "Maja", "Lena", "Oliwia", "Julia", "Małgorzata",
        "Agnieszka", "Natalia", "Aleksandra", "Gabriela"), (
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
        "Dąbrowski", "Krawczyk", "Grabowski", "Mazur", "Woźniak", "Kaczmarek", "Jabłoński")),
    "Urdu": (14, (
        "Muhammad", "Ayaan", "Ibrahim", "Hamza", "Zayn", "Yusuf", "Ali", "Bilal", "Haris",
        "Rayyan", "Abdullah", "Umar"), (
        "Aisha", "Fatima", "Zainab", "Maryam", "Hafsa", "Inaya", "Anaya", "Noor", "Aleena",
        "Hania", "Eman", "Sana"), (
        "Khan", "Hussain", "Ahmed", "Ali", "Iqbal", "Shah", "Malik", "Akhtar", "Butt", "Raja",
        "Mahmood", "Qureshi")),
    "Romanian": (14, (
        "Andrei", "Ionuț", "Ștefan", "Mihai", "Gabriel", "Alexandru", "Răzvan", "Darius", "Luca",
        "Matei", "Bogdan", "Florin"), (
        "Ioana", "Maria", "Andreea", "Bianca", "Ana-Maria", "Daria", "Alexandra", "Ștefania",
        "Elena", "Denisa", "Mădălina", "Irina"), (
        "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu",
        "Munteanu", "Constantinescu", "Mărginean", "Țurcanu")),
    "Punjabi": (8, (
        "Harjot", "Gurpreet", "Arjun", "Jaskaran", "Manveer", "Harvinder", "Ranveer",
        "Sukhdeep", "Amarjit", "Karan"), (
        "Simran", "Harleen", "Jasleen", "Amrit", "Navneet", "Gurleen", "Manpreet", "Jaspreet",
        "Kiranjit", "Rupinder"), (
        "Singh", "Sandhu", "Gill", "Dhillon", "Sidhu", "Bains", "Grewal", "Sohal", "Atwal")),
    "Arabic": (10, (
        "Omar", "Ahmed", "Youssef", "Karim", "Adam", "Khalid", "Tariq", "Sami", "Hassan",
        "Ziad"), (
        "Layla", "Amira", "Yasmin", "Salma", "Nour", "Hana", "Rania", "Mariam", "Lina", "Dalia"), (
        "Al-Sayed", "Haddad", "Hassan", "Mansour", "Nasser", "Abdullah", "Khalil", "Saleh",
        "Al-Amin", "Darwish")),
    "Bengali": (7, (
        "Rahim", "Arif", "Sabbir", "Tanvir", "Rayan", "Ishaan", "Fahim", "Nabil", "Imran"), (
        "Nusrat", "Tasnim", "Sadia", "Farhana", "Ruma", "Anika", "Sumaiya", "Tahmina",
        "Jannat"), (
        "Uddin", "Rahman", "Miah", "Islam", "Chowdhury", "Hoque", "Ahmed", "Sarkar", "Hossain")),
    "Portuguese": (10, (
        "João", "Tiago", "Gonçalo", "Rodrigo", "Duarte", "Tomás", "Simão", "José", "Afonso",
        "Martim"), (
        "Inês", "Beatriz", "Leonor", "Matilde", "Carolina", "Mariana", "Luísa", "Constança",
        "Margarida", "Sofia"), (
        "Silva", "Santos", "Ferreira", "Pereira", "Gonçalves", "Rodrigues", "Fernandes",
        "Conceição", "Magalhães", "Sousa", "Araújo")),
    "Somali": (6, (
        "Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Liban", "Abdi", "Guled", "Mahad",
        "Khalid", "Yonis"), (
        "Hodan", "Ayaan", "Fadumo", "Hibaq", "Sagal", "Nimco", "Ifrah", "Hawa", "Ubah", "Deeqa"), (
        "Abdi", "Warsame", "Farah", "Jama", "Mohamud", "Osman", "Hersi", "Yusuf", "Aden")),
    "Turkish": (7, (
        "Emre", "Mehmet", "Can", "Burak", "Yusuf", "Çağan", "Eren", "Kerem", "Mert", "Ömer"), (
        "Ayşe", "Elif", "Zeynep", "Defne", "Ece", "Büşra", "Gülşen", "İrem", "Duru", "Nazlı"), (
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan",
        "Kılıç")),
}

# ----- places and contact details -------------------------------------------------------------
# Fictional place names, built from English place-name elements.
TOWN_HEADS = (
    "Ash", "Bar", "Black", "Brad", "Bramp", "Brook", "Chil", "Clay", "Cold", "Crow", "Dun",
    "East", "Elm", "Fair", "Fern", "Fox", "Gold", "Hal", "Hazel", "High", "Holt", "Kings",
    "Lang", "Lin", "Long", "Mar", "Mill", "Nether", "North", "Oak", "Pen", "Queens", "Red",
    "Rom", "Rose", "Salt", "South", "Stan", "Stock", "Thorn", "Up", "Wal", "West", "White",
    "Wil", "Win", "Wood", "Wyn",
)
TOWN_TAILS = (
    "bridge", "bury", "by", "combe", "cote", "den", "field", "ford", "gate", "ham", "hampton",
    "hurst", "ington", "leigh", "ley", "minster", "mouth", "stead", "stoke", "stow", "ton",
    "well", "wick", "worth", "worthy", "moor",
)
PLACE_HEADS = (
    "Oak", "Beech", "Brook", "Ridge", "Hill", "Meadow", "Fern", "Willow", "Rowan", "Haw", "Elm",
    "Ash", "Cedar", "Holly", "Lark", "River", "Spring", "Sun", "Moor", "Heather", "Kestrel",
    "Orchard", "Valley", "Glen", "Combe",
)
PLACE_TAILS = (
    "wood", "field", "way", "crest", "bank", "side", "lands", "view", "mead", "gate", "hill",
    "brook", "lea", "dale", "ridge", "tor",
)
STREET_WORDS = (
    "Oak", "Beech", "Rowan", "Hawthorn", "Willow", "Ash", "Elm", "Chestnut", "Sycamore", "Holly",
    "Larch", "Maple", "Alder", "Hazel", "Meadow", "Orchard", "Mill", "Church", "Station",
    "School", "Park", "Victoria", "Queen", "King", "Manor", "Castle", "Bridge", "Market", "West",
    "East", "North", "South", "Coombe", "Moor", "Barton", "Lime", "Tor", "Cross", "Priory",
    "Abbey", "Chapel", "Cherry", "Primrose", "Bluebell", "Foxglove", "Heather", "Kingfisher",
    "Heron", "Swallow", "Lark", "Wren", "Valley", "Glebe", "Vicarage", "Rectory", "Quarry",
)
STREET_KINDS = (
    "Road", "Street", "Lane", "Close", "Avenue", "Drive", "Way", "Crescent", "Gardens",
    "Terrace", "Court", "Mews", "Place", "Grove", "Rise", "View", "Walk", "Hill", "Meadow",
    "Green", "Row",
)
HOUSE_NAMES = ("Rose Cottage", "The Old Forge", "Ivy Cottage", "Orchard House", "The Barn",
               "Meadow View", "Little Acre", "The Old School House", "Brook Cottage")
SAINTS = ("Mary", "Peter", "Andrew", "John", "Michael", "Luke", "Matthew", "Thomas", "Paul",
          "Petroc", "Boniface", "Nectan", "Margaret", "Catherine", "Helen", "George", "Martin",
          "David", "Leonard", "Sidwell", "James", "Anne", "Bartholomew", "Swithun")
NURSERY_WORDS = ("Acorns", "Owls", "Ducklings", "Explorers", "Rainbows", "Stars", "Sunflowers",
                 "Treetops", "Puddles", "Seedlings", "Butterflies", "Otters")
# Postcode districts of Devon; the unit letters exclude C, I, K, M, O and V as Royal Mail does.
POSTCODE_AREAS = (("EX", 39), ("PL", 35), ("TQ", 14))  # area and its highest district
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Ofcom reserves these ranges for drama, so no real person can be rung by mistake.
PHONE_FORMATS = ("07700 900{:03d}", "07700 900{:03d}", "01632 960{:03d}", "0117 496 0{:03d}",
                 "0161 496 0{:03d}", "020 7946 0{:03d}")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


# ----- plan text ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NeedText:
    """Plan wording for one need: B, E, a quantified F, and C and G when health is involved."""

    need: str
    outcome: str
    provision: str
    health: str = ""
    health_provision: str = ""
    specialist: str = "a specialist teacher"


NEED_TEXT: dict[Need, NeedText] = {
    Need.ASD: NeedText(
        "{n} has a diagnosis of autism. {n} finds changes to routine and busy, noisy spaces very "
        "hard, and needs extra time to process spoken language.",
        "{n} will use a visual timetable to move between activities with no more than one "
        "adult prompt",
        "20 minutes daily 1:1 with a trained teaching assistant to rehearse the day's changes "
        "using a visual timetable; a 45-minute social communication group each week run by a "
        "specialist autism teacher.",
        "{n} was diagnosed with autism by the community paediatrician; sleep is disturbed.",
        "Review by the community paediatrician every 12 months; sleep clinic appointments.",
        "the autism outreach team"),
    Need.SLCN: NeedText(
        "{n} has a severe receptive and expressive language disorder, follows one-step "
        "instructions and speaks in short phrases.",
        "{n} will follow two-step instructions in class without a visual prompt in 4 out of 5 "
        "opportunities",
        "1:1 speech and language therapy, 30 minutes weekly, delivered by a specialist SALT; a "
        "programme set by the SALT, delivered by a trained teaching assistant for 15 minutes "
        "daily.",
        "", "Speech and language therapy assessment and target setting once a term.",
        "the speech and language therapy service"),
    Need.SEMH: NeedText(
        "{n} experiences high levels of anxiety that lead to school avoidance and, at times, "
        "dysregulated behaviour.",
        "{n} will attend at least 90% of sessions and name an adult to go to when anxious",
        "A 50-minute session each week with an ELSA-trained practitioner; a 10-minute check-in "
        "with a named key adult at the start and end of each day; a personalised timetable "
        "reviewed each half term by the SENCo.",
        "{n} is under the care of CAMHS for anxiety.",
        "CAMHS appointments every 6 weeks with the allocated clinician.",
        "the educational psychology service"),
    Need.MLD: NeedText(
        "{n} has moderate learning difficulties: attainment in reading, writing and maths is "
        "well below that expected for {n}'s age, and new learning needs many repetitions.",
        "{n} will read a short age-appropriate text and answer two questions about it",
        "English and maths taught daily in a group of no more than 6 pupils, led by a teacher; "
        "precision teaching for 10 minutes three times a week from a trained teaching "
        "assistant.",
        specialist="the educational psychology service"),
    Need.SLD: NeedText(
        "{n} has severe learning difficulties and global developmental delay, and communicates "
        "using single words, signs and symbols.",
        "{n} will use a symbol board to make a choice at snack time and in play",
        "A class with a ratio of at least 1 adult to 3 pupils throughout the day; Makaton and "
        "symbols used by all staff, who are trained every year.",
        "{n} has epilepsy, controlled by medication.",
        "An epilepsy care plan reviewed every 6 months by the paediatric epilepsy nurse.",
        "the community learning disability team"),
    Need.PD: NeedText(
        "{n} has cerebral palsy affecting both legs and uses a wheelchair for longer distances; "
        "handwriting is slow and tiring.",
        "{n} will transfer from wheelchair to chair with one adult and write 100 words on a "
        "laptop in 20 minutes",
        "2 hours daily of adult help with personal care and transfers from staff trained in "
        "moving and handling; a laptop with predictive text for all extended writing; a "
        "physiotherapy programme 3 times weekly for 20 minutes.",
        "{n} has cerebral palsy (spastic diplegia).",
        "NHS physiotherapy review each term; orthotics clinic every 6 months.",
        "the physiotherapy service"),
    Need.SPLD: NeedText(
        "{n} has dyslexia: reading accuracy and spelling are well below {n}'s verbal ability "
        "and processing speed is slow.",
        "{n} will read 90 words a minute accurately and spell 80% of high-frequency words",
        "A structured, multi-sensory literacy programme delivered 1:1 by a specialist dyslexia "
        "teacher for 45 minutes twice weekly; 25% extra time and a reader in all tests.",
        specialist="a specialist dyslexia teacher"),
    Need.HI: NeedText(
        "{n} has a bilateral moderate-to-severe sensorineural hearing loss and wears hearing "
        "aids, and misses much of what is said in group discussion.",
        "{n} will take part in a group discussion of 5 pupils, answering at least two questions",
        "A radio aid used in all lessons; two visits each half term from a Qualified Teacher of "
        "the Deaf to train staff and check equipment; pre-teaching of new vocabulary for 15 "
        "minutes three times a week.",
        "{n} has a permanent bilateral hearing loss and wears hearing aids.",
        "Audiology review every 6 months.",
        "a Qualified Teacher of the Deaf"),
    Need.PMLD: NeedText(
        "{n} has profound and multiple learning difficulties with complex health needs, and "
        "communicates through facial expression and body movement.",
        "{n} will show a consistent yes/no response using eye pointing in 3 daily routines",
        "A ratio of 1 adult to 2 pupils throughout the school day; a sensory curriculum planned "
        "by a teacher experienced in PMLD; a daily physiotherapy positioning programme.",
        "{n} is fed by gastrostomy and has complex epilepsy.",
        "Care by the children's community nursing team; gastrostomy care plan reviewed "
        "every 3 months.",
        "the children's community nursing team"),
    Need.OTH: NeedText(
        "{n} has a rare genetic condition affecting attention, stamina and coordination, tires "
        "quickly and needs movement breaks.",
        "{n} will complete a 20-minute task with one movement break",
        "A 5-minute movement break every 40 minutes, planned by the class teacher; 30 minutes "
        "daily 1:1 with a teaching assistant to pre-teach key vocabulary.",
        "{n} has a genetic condition followed by the clinical genetics service.",
        "Annual review at the clinical genetics clinic.",
        "the community paediatrician"),
    Need.VI: NeedText(
        "{n} has a severe visual impairment (nystagmus and reduced acuity) and reads enlarged "
        "print at N24 with a magnifier.",
        "{n} will find their way independently between lessons on the main site",
        "All written materials enlarged to N24 and provided in advance; a 1-hour session each "
        "week with a Qualified Teacher of Vision Impairment; mobility training for 30 minutes "
        "weekly.",
        "{n} has nystagmus and reduced visual acuity.",
        "Ophthalmology review every 12 months.",
        "a Qualified Teacher of Vision Impairment"),
    Need.MSI: NeedText(
        "{n} has a combined hearing and vision loss, and takes in information through touch, "
        "objects of reference and close-up signing.",
        "{n} will anticipate the next activity from an object of reference in 4 of 5 changes",
        "An intervenor trained in multi-sensory impairment throughout the school day; a termly "
        "visit from a specialist MSI teacher; objects of reference used at every change.",
        "{n} has a combined sensory impairment (CHARGE syndrome).",
        "Audiology and ophthalmology reviews every 6 months.",
        "a specialist multi-sensory impairment teacher"),
}
NEED_TEXT[Need.DS] = NEED_TEXT[Need.MLD]
# Wording the SEND Tribunal and the courts call too vague (send-domain.md §2): some plans get
# it on purpose, so the quality checks have something to find.
VAGUE_PROVISION = (
    "{n} will have access to regular support from an adult in class.",
    "Opportunities for small group interventions as required.",
    "{n} would benefit from input from a speech and language therapist.",
    "A quiet space where possible, and support with social skills.",
    "Regular monitoring of progress and support as appropriate.",
)
INTERESTS = ("dinosaurs", "Minecraft", "swimming", "drawing", "trains", "football", "music",
             "animals", "Lego", "baking", "the beach", "horses", "cycling", "space", "dancing",
             "gaming", "fishing", "singing", "cars", "gardening")
YOUNG_VOICES = ("I like playing outside with my friends.", "I like it when it is quiet.",
                "My favourite thing is story time.", "I want to be a firefighter.")
OLDER_VOICES = ("I want to work with animals when I leave college.",
                "I want to live in my own flat one day.", "I'd like to get a Saturday job.",
                "I want to learn to drive.", "I want to be a mechanic.",
                "I want people to give me time to answer.")


# ----- chronology -----------------------------------------------------------------------------
CHRONOLOGY: dict[ChronologyKind, tuple[tuple[str, str], ...]] = {
    ChronologyKind.CALL: (
        ("Called school SENCo to chase annual review paperwork",
         "SENCo will send the review report by the end of next week."),
        ("Call from parent about transport to {setting}",
         "Explained the transport policy; referred to the transport team."),
        ("Returned call from parent about the proposed amendments",
         "Talked through the changes to section F; parent will reply in writing."),
        ("Called educational psychologist about advice for the review",
         "EP report expected within two weeks."),
    ),
    ChronologyKind.EMAIL: (
        ("E-mailed {setting} to confirm the review meeting date",
         "Asked for the invitation list and advice deadline."),
        ("E-mail from parent asking for a copy of the current plan",
         "Sent the final plan as a password-protected PDF."),
        ("Sent annual review reminder to SENCo",
         "Review due soon; asked for a meeting date."),
        ("E-mailed health colleagues for updated advice",
         "Requested updated advice for sections C and G."),
    ),
    ChronologyKind.MEETING: (
        ("Attended annual review meeting at {setting}",
         "Views gathered from family and staff; report to follow."),
        ("Team around the family meeting",
         "Agreed actions recorded; next meeting in 6 weeks."),
        ("Meeting with family to discuss post-16 options",
         "Discussed college courses and preparing for adulthood."),
    ),
    ChronologyKind.NOTE: (
        ("Annual review report received and logged", "Report checked for advice from all parties."),
        ("Parent asked for a change of placement", "Request logged for the next placement panel."),
        ("Checked plan against phase transfer deadlines", "No transfer this year."),
        ("File reviewed after allocation", "Chronology and plan read; no urgent actions."),
    ),
}
TRANSFER_REASONS = ("Caseload rebalancing", "Previous officer left the team",
                    "Transferred between area teams", "Moved to the post-16 team")
