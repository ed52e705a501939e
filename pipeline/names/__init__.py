"""Names, from text to entities: find candidates and variant spellings, then resolve them to people.

The modules read as the data flow: `find` (candidates in one Doc, then the words that misspell a surname
found, judged by `variants`) -> `resolve` (one entity per person; its canonical spelling chosen by
`canonical`). `similarity` is the one definition of "two spellings may be one name", shared by
resolution and by the contract's person-pair rules, so what is merged and what is flagged agree.
Across articles, `identity` gives the persons of a whole run that are one person one `canonical_id`
(entity ids already fold accents); the run-wide rule `similar_person_names` reports what may still be.
"""
