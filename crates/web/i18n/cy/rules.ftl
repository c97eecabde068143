# Rheolau cyfnodau coll ardal (/admin/areas/{code}/rules).
rules-title = Rheolau cyfnodau coll: { $area }
rules-in-force = Mewn grym nawr
rules-default = Rheolau diofyn y gosodiad ({ $version }): rhagosodiad Lloegr. Nid oes gan yr ardal hon reolau ei hun.
rules-applies-since = yn gymwys o { $time }
rules-placeholder = Dalfan: i'w phennu'n lleol
rules-hours = { $count ->
    [zero] { $count } awr
    [one] 1 awr
    [two] { $count } awr
    [few] { $count } awr
    [many] { $count } awr
   *[other] { $count } awr
}
rules-none = dim
rules-interview = Cyfweliad ar ôl dychwelyd
rules-interview-within = { $term } o fewn { $hours } i ddychwelyd
rules-term-return-home-interview = Cyfweliad dychwelyd adref
rules-term-debrief = Ôl-drafodaeth
rules-reviews = Adolygiadau
rules-review-line = { $grade }: goruchwyliwr bob { $supervisor }, arolygydd bob { $inspector }
rules-naira = NAIRA
rules-naira-off = Heb ei ddefnyddio
rules-naira-on = Gellir dal adroddiad am { $hours } ar y mwyaf, yna caiff ei raddio'n { $grade } ohono'i hun
rules-repeat = Mynd ar goll dro ar ôl tro
rules-repeat-line = { $episodes } cyfnod o fewn { $days } diwrnod: { $action }
rules-long = Mae cyfnod hir dros
rules-lowest = Y radd isaf y gellir ei rhoi i adroddiad
rules-lowest-low = Isel
rules-lowest-very-low = Isel iawn (haen isaf yr APP)
rules-ages = Cyfnodau pwy a gedwir
rules-ages-children = Plant (dan 18)
rules-ages-care-leavers-to-25 = Plant, ac oedolion ifanc â phrofiad o ofal hyd at 25 (protocol Cymru Gyfan)
rules-versions = Fersiynau
rules-no-versions = Nid oes fersiwn wedi'i chadw ar gyfer yr ardal hon.
rules-version = Fersiwn
rules-applies-from = Yn gymwys o
rules-saved = Cadwyd
rules-status-in-force = Mewn grym
rules-status-scheduled = Wedi'i threfnu
rules-status-past = Wedi'i disodli
rules-new-version = Cadw fersiwn newydd
rules-start-from = Dechrau o:
rules-preset-england = rhagosodiad Lloegr (cyfweliad dychwelyd adref statudol o fewn 72 awr)
rules-preset-wales = rhagosodiad Cymru (canllaw ymarfer Cymru Gyfan: ôl-drafodaeth, rhai sy'n gadael gofal hyd at 25)
rules-preset-current = y rheolau mewn grym
rules-save = Cadw'r fersiwn hon
rules-conflict = Mae rhywun wedi cadw fersiwn o'r rheolau hyn ers i chi agor y dudalen hon. Ni chadwyd dim. Agorwch y rheolau fel y maent nawr, yna gwnewch eich newidiadau eto.
rules-group-interview = Cyfweliad ar ôl dychwelyd
rules-group-interview-hint = Mae canllawiau statudol Lloegr yn pennu 72 awr. Yng Nghymru ôl-drafodaeth yw'r cyfweliad; nid yw wedi'i wirio a yw canllaw Cymru Gyfan yn pennu amserlen, felly pennwch hi'n lleol.
rules-group-reviews = Cyfnodau adolygu, mewn oriau
rules-group-reviews-hint = Nid oes ffynhonnell genedlaethol yn pennu'r rhain. Mae angen adolygiad goruchwyliwr ar gyfer pob gradd y gellir ei rhoi. Gadewch flwch yn wag os nad oes adolygiad o'r math hwnnw.
rules-group-naira = NAIRA (dim risg uniongyrchol amlwg, absennol)
rules-group-naira-hint = Gradd ymateb gohiriedig y mae rhai heddluoedd yn ei defnyddio: mae'r ystafell reoli'n dal yr adroddiad, a chaiff ei raddio ohono'i hun pan ddaw'r cyfnod dal i ben a'r plentyn yn dal ar goll.
rules-group-repeat = Mynd ar goll dro ar ôl tro
rules-group-repeat-hint = Rheol leol: mae hyn a hyn o gyfnodau o fewn hyn a hyn o ddiwrnodau yn ysgogi cam gweithredu. Gadewch res yn wag os nad oes rheol.
rules-group-scope = Cyfnodau a graddau
rules-group-placeholders = I'w pennu'n lleol o hyd
rules-group-placeholders-hint = Dangosir y gosodiadau a diciwyd fel dalfannau nad oes ffynhonnell yn eu pennu. Dad-diciwch un unwaith y bydd eich partneriaeth wedi cytuno ar ei werth.
rules-group-applies = O bryd
rules-term-label = Beth yw enw'r cyfweliad
rules-term-choice-return-home-interview = Cyfweliad dychwelyd adref (Lloegr)
rules-term-choice-debrief = Ôl-drafodaeth (Cymru)
rules-within-label = Oriau o ddychwelyd erbyn pryd y mae'n ddyledus
rules-within-hint = Rhif cyfan, er enghraifft 72
rules-review-label = { $grade }: { $kind }
rules-kind-supervisor = adolygiad goruchwyliwr
rules-kind-inspector = adolygiad arolygydd
rules-naira-use = Defnyddio gradd NAIRA
rules-naira-hold = Y cyfnod dal hiraf, mewn oriau
rules-naira-hold-hint = 1 i 24. Daliodd cynllun peilot Torbay adroddiadau am 6 awr
rules-naira-escalate = Gradd pan ddaw'r cyfnod dal i ben
rules-repeat-no-rule = Dim rheol
rules-repeat-episodes = Rheol { $n }: cyfnodau
rules-repeat-days = Rheol { $n }: o fewn diwrnodau
rules-repeat-action = Rheol { $n }: cam gweithredu
rules-long-label = Oriau ac wedyn mae cyfnod yn hir
rules-lowest-label = Y radd isaf y gellir ei rhoi i adroddiad
rules-lowest-hint = Haen isaf ddiweddaraf yr APP yw risg isel iawn; mae rhai heddluoedd yn dal i raddio isel fel yr isaf
rules-ages-label = Cyfnodau coll pwy a gedwir
rules-setting-rhi-within-hours = Oriau i'r cyfweliad
rules-setting-reviews = Cyfnodau adolygu
rules-setting-repeat = Mynd ar goll dro ar ôl tro
rules-setting-long-episode-hours = Cyfnod hir
rules-setting-naira = NAIRA
rules-setting-lowest-grade = Y radd isaf
rules-setting-ages = Cyfnodau pwy a gedwir
rules-applies-label = Y diwrnod cyntaf y mae'n gymwys
rules-applies-hint = Er enghraifft, 2026-12-01. Gadewch yn wag, neu rhowch heddiw, iddi fod yn gymwys ar unwaith

error-must-be-positive = Rhowch rif cyfan sy'n fwy na 0
error-too-large = Mae hwn yn fwy nag y mae haven yn ei ganiatáu ar gyfer y gosodiad hwn
error-escalation-grade = Dewiswch uchel, canolig neu isel
error-lowest-grade = Dewiswch isel neu isel iawn
error-grade-not-given = Nid yw adroddiadau'n cael y radd hon o dan y rheolau hyn: gadewch yn wag
error-in-the-past = Rhaid i'r dyddiad fod heddiw neu'n hwyrach
error-too-many = Mae mwy nag y mae haven yn ei dderbyn yma
error-whole-number = Rhowch rif cyfan
