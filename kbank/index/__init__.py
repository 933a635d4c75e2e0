"""The whoosh index: schema, generations, records; owns the index folder."""
