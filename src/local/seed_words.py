"""Word lists for `./poste seed` and `./poste demo`: French first and last names, real cities with their postal
codes, company names and legal forms, matters, courts and the titles of a law firm's documents and mail."""

from __future__ import annotations

FIRST_NAMES_F = (
    "Marie", "Camille", "Claire", "Sophie", "Julie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie",
    "Émilie", "Hélène", "Léa", "Manon", "Chloé", "Inès", "Élodie", "Valérie", "Françoise", "Anne", "Catherine",
    "Laure", "Agnès", "Brigitte", "Mathilde", "Pauline", "Margaux", "Juliette", "Zoé", "Océane", "Bérénice",
)  # fmt: skip
FIRST_NAMES_M = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Julien", "Thomas", "Antoine", "François",
    "Laurent", "Stéphane", "Olivier", "Sébastien", "Frédéric", "Hugo", "Lucas", "Théo", "Mathieu", "Benoît",
    "Jérôme", "Cédric", "Éric", "Gérard", "Hervé", "Yves", "Loïc", "Maxime", "Raphaël", "Grégoire", "Édouard",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
    "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche",
    "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier",
    "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre", "Renard", "Arnaud",
    "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard",
    "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva",
    "Hubert", "Louis", "Charles", "Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Rey", "Moulin",
    "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Julien", "Benoît", "Paris",
    "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier",
    "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul", "Laine", "Carré", "Breton", "Rémy",
    "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin", "Besson", "Hoarau", "Le Goff", "Bouvier",
)  # fmt: skip
# Real communes and one of their postal codes.
CITIES = (
    ("Paris", "75008"), ("Paris", "75011"), ("Paris", "75015"), ("Paris", "75017"), ("Marseille", "13006"),
    ("Lyon", "69003"), ("Lyon", "69006"), ("Toulouse", "31000"), ("Nice", "06000"), ("Nantes", "44000"),
    ("Montpellier", "34000"), ("Strasbourg", "67000"), ("Bordeaux", "33000"), ("Lille", "59000"),
    ("Rennes", "35000"), ("Reims", "51100"), ("Toulon", "83000"), ("Saint-Étienne", "42000"), ("Le Havre", "76600"),
    ("Grenoble", "38000"), ("Dijon", "21000"), ("Angers", "49000"), ("Nîmes", "30000"), ("Villeurbanne", "69100"),
    ("Clermont-Ferrand", "63000"), ("Aix-en-Provence", "13100"), ("Brest", "29200"), ("Tours", "37000"),
    ("Amiens", "80000"), ("Limoges", "87000"), ("Metz", "57000"), ("Besançon", "25000"), ("Perpignan", "66000"),
    ("Orléans", "45000"), ("Rouen", "76000"), ("Caen", "14000"), ("Nancy", "54000"), ("Versailles", "78000"),
    ("Boulogne-Billancourt", "92100"), ("Nanterre", "92000"), ("Neuilly-sur-Seine", "92200"),
    ("Saint-Denis", "93200"), ("Montreuil", "93100"), ("Créteil", "94000"), ("Vincennes", "94300"),
    ("Argenteuil", "95100"), ("Pontoise", "95000"), ("Évry-Courcouronnes", "91000"), ("Meaux", "77100"),
    ("Annecy", "74000"), ("Pau", "64000"), ("Bayonne", "64100"), ("La Rochelle", "17000"), ("Poitiers", "86000"),
)  # fmt: skip
STREET_KINDS = ("rue", "avenue", "boulevard", "place", "allée", "impasse", "quai", "chemin")
STREET_NAMES = (
    "de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "de la Paix", "Pasteur",
    "des Lilas", "Gambetta", "de Verdun", "du Maréchal Foch", "Émile Zola", "de la Gare", "Voltaire",
    "des Écoles", "Saint-Honoré", "de Rivoli", "Carnot", "du Faubourg Saint-Antoine", "Jules Ferry", "Molière",
)  # fmt: skip
MAIL_DOMAINS = ("orange.fr", "free.fr", "laposte.net", "gmail.com", "wanadoo.fr", "sfr.fr", "outlook.fr")
LEGAL_FORMS = ("SARL", "SAS", "SASU", "SA", "EURL", "SCI", "SNC", "SELARL")
COMPANY_ACTIVITIES = (
    "Boulangerie", "Transports", "Immobilière", "Bâtiment", "Menuiserie", "Pharmacie", "Garage", "Restaurant",
    "Conseil", "Informatique", "Distribution", "Hôtellerie", "Plomberie", "Électricité", "Imprimerie",
    "Agence", "Textile", "Logistique", "Viticole", "Cabinet dentaire", "Boucherie", "Fleuriste", "Librairie",
)  # fmt: skip
COMPANY_SUFFIXES = (
    "du Centre", "de l'Ouest", "Méditerranée", "Atlantique", "des Alpes", "Provence", "Île-de-France",
    "Services", "& Fils", "Frères", "Horizon", "Avenir", "Rhône", "Bretagne", "Normandie", "Val de Loire",
)  # fmt: skip
LAW_FIRMS = ("Avocats", "Associés", "& Associés", "Avocats Conseils", "Partners")
# (matter type, whether it usually goes to court, the courts it goes to)
MATTERS = (
    ("Baux commerciaux", True, ("TJ Paris", "TJ Nanterre", "TJ Lyon", "CA Paris", "CA Versailles")),
    ("Droit du travail — licenciement", True, ("CPH Paris", "CPH Nanterre", "CPH Lyon", "CA Versailles")),
    ("Divorce", True, ("TJ Paris", "TJ Créteil", "TJ Bobigny", "TJ Bordeaux")),
    ("Recouvrement de créances", True, ("Tribunal de commerce de Paris", "TJ Marseille", "TJ Lille")),
    ("Construction — désordres", True, ("TJ Nanterre", "TJ Toulouse", "CA Aix-en-Provence")),
    ("Succession", False, ("TJ Nantes", "TJ Rennes")),
    ("Droit des sociétés", False, ("Tribunal de commerce de Lyon", "Tribunal de commerce de Nanterre")),
    ("Responsabilité civile", True, ("TJ Paris", "TJ Versailles", "CA Lyon")),
    ("Contentieux administratif", True, ("TA Montreuil", "TA Paris", "TA Cergy-Pontoise", "CAA Versailles")),
    ("Propriété intellectuelle", True, ("TJ Paris", "CA Paris")),
    ("Droit de la consommation", True, ("TJ Bordeaux", "TJ Strasbourg")),
    ("Pénal des affaires", True, ("TJ Paris", "CA Paris", "Cour de cassation")),
    ("Conseil — contrats", False, ()),
)
# The first part of a Portalis number names the court (four characters).
PORTALIS_COURTS = ("DBX6", "DB3S", "DBZE", "DBVJ", "DBVM", "DBW6", "DBYS", "DB2H")
DOCUMENT_KINDS = (
    ("Assignation", "application/pdf", "pdf", "assignation"),
    ("Conclusions récapitulatives", "application/pdf", "pdf", "conclusions"),
    ("Bordereau de communication de pièces", "application/pdf", "pdf", "pieces"),
    ("Jugement", "application/pdf", "pdf", "decision"),
    ("Ordonnance de référé", "application/pdf", "pdf", "decision"),
    ("Bail commercial", "application/pdf", "pdf", "contrat"),
    ("Convention d'honoraires", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     "honoraires"),
    ("Courrier au client", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     "courrier"),
    ("Mise en demeure", "application/pdf", "pdf", "courrier"),
    ("Attestation", "application/pdf", "pdf", "pieces"),
    ("Facture", "application/pdf", "pdf", "honoraires"),
    ("Note de synthèse", "text/plain", "txt", "note"),
)  # fmt: skip
MAIL_SUBJECTS = (
    "Conclusions adverses", "Convocation à l'audience", "Avis de fixation", "Notification de jugement",
    "Demande de renvoi", "Communication de pièces", "Proposition d'accord", "Relance — règlement", "RPVA : message",
    "Ordonnance du juge de la mise en état", "Calendrier de procédure", "Questions de votre client",
)  # fmt: skip
MAIL_SENDER_KINDS = ("confrere", "juridiction", "client", "inconnu")
MAIL_BODIES = (
    "Cher confrère, veuillez trouver ci-joint mes conclusions en réponse. Bien à vous.",
    "Le greffe vous informe que l'affaire est renvoyée à une audience ultérieure.",
    "Maître, je vous remercie de bien vouloir me rappeler au sujet de mon dossier.",
    "Veuillez trouver ci-joint le bordereau de communication de pièces.",
    "Mon client serait disposé à envisager un règlement amiable du litige.",
    "Je vous prie de trouver ci-joint l'avis de fixation de l'affaire.",
)
