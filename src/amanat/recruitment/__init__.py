"""Online recruitment: explainable red-flag screening of job advertisements (issue 18)."""
