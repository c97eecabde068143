# The morning brief: what the 08:00 meeting of the partners goes through each day.
brief-title = Morning brief
brief-heading = Morning brief for { $date }
brief-intro = Everything since yesterday's brief at { $since }, as it stood at { $asat } (UK time), for the children your agency may see.
brief-date = Date of the brief
brief-date-hint = For example, 23/11/2026
brief-show = Show the brief
brief-error-date-format = Enter the date as year, month and day, for example 2026-11-23
brief-error-in-future = The date of the brief must be today or in the past
brief-limited-view = Your agency does not see risk grades, police enquiries or reviews, so those sections are not shown.
brief-no-rhi-view = Nor does it see return home interviews.

brief-opened = Episodes opened since yesterday's brief
brief-opened-none = No child has been reported missing since yesterday's brief.
brief-high-risk = Missing now at high risk
brief-high-risk-none = No child is missing at high risk.
brief-rhi-due = Return home interviews due today
brief-rhi-due-none = No return home interview falls due today.
brief-rhi-overdue = Return home interviews overdue
brief-rhi-overdue-none = No return home interview is overdue.
brief-reviews = Reviews overdue
brief-reviews-none = No review is overdue.
brief-repeat = Children flagged as repeat missing this week
brief-repeat-none = No child has been flagged as repeat missing this week.

brief-child = Child
brief-reported = Reported
brief-grade = Risk grade
brief-last-seen = Last seen
brief-returned = Returned
brief-missing-for = Missing for
brief-still-missing = Still missing
brief-episode = Episode
brief-episode-link = View episode
brief-due-by = Interview due by
brief-review-supervisor = Supervisor review due { $when }
brief-review-inspector = Inspector review due { $when }
brief-episodes-in-window = Episodes in the last { $days } days
brief-action = Action
brief-action-strategy-discussion = Consider a strategy discussion
brief-action-multi-agency-meeting = Consider a multi-agency meeting
brief-action-rhi-priority = Give the return home interview priority

brief-grade-high = High
brief-grade-medium = Medium
brief-grade-low = Low
brief-grade-very-low = Very low (earlier grade)
brief-grade-no-apparent-risk = No apparent risk (earlier grade)
brief-grade-naira = No apparent immediate risk (NAIRA)

brief-duration-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
brief-duration-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
} { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
brief-duration-days = { $days ->
    [one] 1 day
   *[other] { $days } days
} { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}

audit-report-view = Viewed a report
brief-mace = Your MACE actions overdue or due this week
brief-mace-none = None of your MACE actions is overdue or due this week.
