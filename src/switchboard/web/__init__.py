"""The web face of Switchboard: the FastAPI application's pages, sign-in, sessions and CSRF.

``switchboard.app.create_app`` assembles it; feature packages add their own ``api.py`` and
``views.py`` routers and use the dependencies in :mod:`switchboard.web.identity`.
"""
