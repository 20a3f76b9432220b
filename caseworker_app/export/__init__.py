"""Files and documents that leave Caseworker (CSV extracts now; letters and plans to come)."""
