# Yr hyn y mae digwyddiad archwilio'n ei gofnodi, fel y mae goruchwyliwr neu'r swyddog diogelu data'n ei ddarllen.
audit-person-create = Wedi ychwanegu'r person
audit-person-update = Wedi newid y manylion
audit-person-view = Wedi gweld y cofnod
audit-person-search = Wedi chwilio am bobl
audit-person-alias-add = Wedi ychwanegu enw arall
audit-person-record-add = Wedi ychwanegu cofnod asiantaeth
audit-person-placement-add = Wedi ychwanegu cyfeiriad neu leoliad
audit-person-placement-end = Wedi dod â chyfeiriad neu leoliad i ben
audit-location-create = Wedi ychwanegu lleoliad
audit-agency-create = Wedi ychwanegu asiantaeth
audit-area-create = Wedi ychwanegu ardal
audit-area-rules-set = Wedi cadw fersiwn o reolau cyfnodau coll ardal
audit-area-population-set = Wedi cadw fersiwn o boblogaeth plant ardal
audit-agreement-create = Wedi ychwanegu cytundeb rhannu gwybodaeth
audit-user-create = Wedi ychwanegu defnyddiwr
audit-user-password-set = Wedi gosod cyfrinair
audit-token-issue = Wedi rhoi tocyn API
audit-token-revoke = Wedi dirymu tocyn API
audit-user-update = Wedi newid defnyddiwr
audit-user-password-reset = Wedi ailosod cyfrinair
audit-session-sign-in = Wedi mewngofnodi
audit-session-sign-in-failed = Wedi methu mewngofnodi
audit-session-sign-out = Wedi allgofnodi
audit-audit-view = Wedi gweld y cofnod mynediad
audit-episode-report = Rhoi gwybod bod y plentyn ar goll
audit-episode-view = Gweld cyfnod ar goll
audit-episode-regrade = Newid y radd risg
audit-episode-note = Ychwanegu at gyfnod ar goll
audit-episode-return = Cofnodi'r dychwelyd
audit-episode-rhi = Cofnodi'r cyfweliad dychwelyd adref
audit-episode-list = Rhestru cyfnodau ar goll
audit-grab-pack-save = Cadw'r pecyn cydio
audit-screening-create = Sgrinio am ecsbloetio
audit-screening-list = Darllen sgriniadau ecsbloetio
audit-demo-load = Wedi llwytho data arddangos
audit-import-start = Wedi dechrau mewnforio
audit-import-batch = Wedi mewnforio swp o gofnodion
audit-import-rollback = Wedi dadwneud mewnforio
audit-source-import = Wedi mewnforio cofnod asiantaeth
audit-source-link = Wedi cysylltu cofnod asiantaeth â'r person
audit-source-unlink = Wedi datgysylltu cofnod asiantaeth oddi wrth y person
audit-review-list = Wedi rhestru cysylltiadau posibl i'w hadolygu
audit-review-link = Wedi cadarnhau cysylltiad posibl
audit-review-reject = Wedi gwrthod cysylltiad posibl
audit-denied = Wedi gwrthod mynediad
audit-system = haven (system)

audit-page-title = Cofnod mynediad
audit-page-intro = Pawb sydd wedi gweld, chwilio am neu newid y cofnod { $id }, y diweddaraf yn gyntaf. Mae'r dudalen hon yn dangos y trywydd yn unig, nid y cofnod.
audit-page-count = { $count ->
    [zero] Dim digwyddiadau
    [one] 1 digwyddiad
    [two] 2 ddigwyddiad
    [few] { $count } digwyddiad
    [many] { $count } digwyddiad
   *[other] { $count } digwyddiad
}
audit-page-purpose = Tudalen neu alwad
audit-page-detail = Nodyn
person-access-record-link = Gweld y cofnod mynediad llawn
nav-agency-audit = Archwilio
agency-audit-title = Beth wnaeth defnyddwyr eich asiantaeth
agency-audit-intro = Pob mewngofnodi, chwiliad, golwg a newid gan ddefnyddwyr { $agency }, y diweddaraf yn gyntaf. Enwir cofnodion wrth eu rhif adnabod yn unig: nid yw'r dudalen hon byth yn dangos manylion cofnod.
agency-audit-record = Cofnod
