"""`drafting web`: the local web app (``app.create_app``, served by ``server.serve``)."""
