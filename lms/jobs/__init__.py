"""Files prepared in the background: the job record, its status page and its file.

Its own app (label "jobs") inside the core, like the reports: lms.tasks starts and runs
the jobs, the apps above say what each job builds.
"""
