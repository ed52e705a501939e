"""Names, from text to entities: find candidates, find variant spellings, resolve them, then check identity.

The modules read as the data flow: `find` (candidates in one Doc) -> `variants` (words that misspell a
name found) -> `resolve` (one entity per person, canonical spelling by evidence) -> `identity` (the same
person across articles). `similarity` is the one definition of "two spellings may be one name", shared by
resolution and by the contract's near-duplicate rules, so what is merged and what is flagged agree.
"""
