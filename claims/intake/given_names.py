"""Common given names by the gender they usually signal, to resolve "he" and "she" in intake.

Only a hint: a name missing here leaves the person's gender open, and then
the most recent person mentioned wins. Honorifics (Mr., Ms.) and gendered
titles (spokeswoman, chairman) are read too (claims/intake/extraction.py).
"""

FEMININE = frozenset(
    """
    aaliyah abigail ada adriana agnes aisha alejandra alexandra alice alicia alina alison amanda amara
    amelia amina amy ana anastasia andrea angela angelica anita ann anna anne annette antonia ashley
    astrid audrey ayesha barbara beatrice beatriz bella bettina betty beverly birgit brenda bridget
    brigitte camila carla carmen carol caroline carolyn catherine cecilia charlotte chiara chloe
    christina christine claire clara claudia colette cristina cynthia daniela danielle deborah debra
    denise diana diane dolores donna dorothy eleanor elena elif elisa elisabeth elizabeth ella ellen
    emily emma erika esther eva eve evelyn farida fatima fiona frances francesca gabriela gabrielle
    gloria grace greta gwen hana hannah harriet heather heidi helen helena hilary hillary ines ingrid
    irene isabel isabella jacqueline jane janet janice jasmine jean jennifer jessica jill joan joanna
    josephine joyce judith judy julia julie justine karen katarzyna katherine kathleen kathryn katie
    kelly kimberly kristin laura lauren leila lena lily linda lisa lois lorraine louise lucia lucy
    lydia magdalena maja margaret margarethe maria marie marina marion marta martha mary maya megan
    melanie melissa mia michelle mila miriam monica nadia nancy naomi natalia natalie nicole nina
    noor nora olga olivia pamela patricia paula pauline priya rachel rebecca renata rita roberta
    rosa rosemary ruth sabine sally samantha sandra sara sarah sharon shirley silvia simone sofia
    sonia sophie stephanie susan suzanne svetlana sylvia tamara teresa theresa tina ursula valentina
    valerie vanessa vera veronica victoria virginia wendy yasmin yolanda yvonne zainab zoe
    """.split()
)

MASCULINE = frozenset(
    """
    aaron abdul adam adrian ahmed alan albert alejandro alex alexander alfred ali anders andre andrew
    andrzej angel anthony antoine antonio arjun arthur ben benjamin bernard bill bob boris brandon
    brian bruce carl carlos charles chris christian christopher colin craig daniel darren david dennis
    derek diego dmitri donald douglas duncan edward emmanuel eric ernest eugene felix fernando francis
    francisco frank fred gabriel gary george gerald gerhard giovanni giuseppe gordon graham gregory
    hans harold harry hassan henry howard hugo ian ibrahim igor ivan jack jacob jacques james jamie
    jan jason javier jeffrey jens jeremy jerome jesse jim joe johan johannes john jonas jonathan
    jorge jose joseph joshua juan julian justin karl keith kenneth kevin klaus kwame larry lars
    lawrence leo leonard lorenzo louis luca lucas luis marc marco marcus mark martin mateo matthew
    michael miguel mikhail mohamed mohammed muhammad nathan neil nicholas nikolai noah oliver omar
    oscar otto owen pablo patrick paul pedro peter philip philippe pierre pieter rafael rahul raymond
    ricardo richard robert roberto roger ronald ryan samuel scott sean sebastian sergei simon stefan
    stephen steven stuart thomas tim timothy tom tomas tony victor vincent vladimir walter wayne
    william yusuf
    """.split()
)
