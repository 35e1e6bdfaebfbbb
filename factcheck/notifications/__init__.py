"""Member notifications: the platform's part (storage, channels, the digest, the bell and its pages).

Apps say what a kind of notification is (`kinds.kind_register`, from their AppConfig.ready) and when
one is due (`services.notify`, called in the transaction of the change). factcheck knows no claim.
"""
