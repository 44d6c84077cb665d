"""Settings and logging, read in modules that import no Flask.

- `config`: `load(environ)`, `redis_url`, `instance_path`: every setting, read once.
- `logs`: `install`, `redact`: log lines never carry a full phone number.
"""
