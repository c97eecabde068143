# Cyfnodau coll: y bwrdd, cyfnod, rhoi gwybod, dychwelyd, cyfweliad dychwelyd adref, hanes, rhestr waith.
nav-missing = Ar goll nawr
nav-brief = Briff y bore
nav-rhi = Cyfweliadau dychwelyd adref
yes = Ydy
warning = Rhybudd
due = I'w wneud
overdue = Yn hwyr

duration-days-hours = { $d } d { $h } awr
duration-hours-minutes = { $h } awr { $m } mun
duration-minutes = { $m } mun

missing-board-title = Ar goll nawr
missing-board-count = { $count ->
    [zero] Nid oes unrhyw blentyn ar goll nawr
    [one] Mae 1 plentyn ar goll nawr
    [two] Mae 2 blentyn ar goll nawr
    [few] Mae { $count } phlentyn ar goll nawr
    [many] Mae { $count } plentyn ar goll nawr
   *[other] Mae { $count } plentyn ar goll nawr
}
missing-board-empty = Nid oes unrhyw blentyn y caiff eich asiantaeth ei weld ar goll nawr.
missing-alerts-title = Risg uchel: rhybuddion i oruchwylwyr
missing-for = ar goll ers { $time }
missing-was-missing-for = ar goll am { $time } i gyd
missing-next-review = Adolygiad nesaf
missing-child = Plentyn
missing-duration = Amser ar goll
missing-area-unknown = Ardal heb ei chofnodi

missing-report-title = Rhoi gwybod bod plentyn ar goll
missing-report-heading = Rhoi gwybod bod { $name } ar goll
missing-return-heading = { $name }: wedi'i ddarganfod ac wedi dychwelyd
rhi-heading = Cyfweliad dychwelyd adref: { $name }
grab-heading = Pecyn cydio: { $name }
missing-report-button = Rhoi gwybod ei fod ar goll
missing-reported-at = Adroddwyd
missing-last-seen-at = Gwelwyd ddiwethaf
missing-time-hint = Amser y DU, er enghraifft 26/11/2026 21:30
missing-last-seen-where = Lle gwelwyd ddiwethaf
missing-reporter = Pwy a roddodd wybod bod y plentyn ar goll
missing-area = Ardal yr heddlu (BCU) sy'n delio
missing-area-choose = Dewiswch ardal
missing-circumstances = Amgylchiadau
missing-police-reference = Cyfeirnod digwyddiad yr heddlu
missing-risk-grade = Gradd risg
missing-risk-rationale = Rhesymeg dros y radd
missing-risk-rationale-hint = Pam y radd hon: beth rydych yn ei wybod, beth nad ydych yn ei wybod, a beth fyddai'n ei newid
missing-new-grade = Gradd risg newydd

missing-episode-title = Cyfnod ar goll: { $name }
missing-back-to-history = Hanes mynd ar goll
missing-conflict = Mae rhywun arall wedi newid y cyfnod hwn ers i chi ei agor. Ni chadwyd dim. Gwiriwch y llinell amser, yna rhowch gynnig arall arni.
missing-status-open = Ar goll nawr
missing-status-returned = Wedi dychwelyd
missing-high-risk-alert = Risg uchel: mae'r goruchwyliwr wedi cael rhybudd
missing-person-record = Agor cofnod y plentyn
missing-from = Ar goll o
missing-age = Oed
missing-out-of-area = Wedi'i leoli y tu allan i'r ardal
missing-returned-at = Dychwelodd
missing-clocks = Adolygiadau
missing-naira-expires = Daw'r cyfnod dal NAIRA i ben
missing-rhi = Cyfweliad dychwelyd adref
missing-rhi-due = Erbyn { $time }
missing-rhi-quality = Ansawdd: { $score } o 5 mesur wedi'u bodloni
missing-record-rhi = Cofnodi'r cyfweliad dychwelyd adref
missing-record-return = Cofnodi bod y plentyn wedi'i ddarganfod ac wedi dychwelyd
missing-timeline = Llinell amser
missing-regrade-title = Newid y radd risg
missing-regrade-button = Cadw'r radd newydd
missing-note-title = Ychwanegu at y llinell amser
missing-note-button = Ychwanegu
missing-note-kind = Beth i'w ychwanegu
missing-note-at = Pryd
missing-note-text = Manylion
missing-recipient = Pwy a gafodd wybod (ar gyfer hysbysiad)
missing-recipient-none = Nid hysbysiad
missing-by-system = haven (awtomatig)
missing-event-reported = Rhoddwyd gwybod ei fod ar goll
missing-event-graded = Graddiwyd
missing-event-regraded = Ail-raddiwyd
missing-event-returned = Darganfuwyd ac wedi dychwelyd
missing-event-prevention-interview = Cyfweliad atal (gwiriad diogel ac iach)
missing-event-rhi = Cyfweliad dychwelyd adref

missing-return-title = Wedi'i ddarganfod ac wedi dychwelyd
missing-return-button = Cadw'r dychwelyd
missing-found-where = Lle y'i darganfuwyd
missing-found-by = Wedi'i ddarganfod gan, neu wedi dychwelyd at
missing-with-whom = Gyda phwy
missing-harm-seen = Anafiadau neu niwed a welwyd
missing-disclosed = Datgelodd y plentyn rywbeth
missing-found-in-other-force-area = Darganfuwyd yn ardal heddlu arall
missing-prevention-interview-at = Cynhaliwyd cyfweliad atal (gwiriad diogel ac iach)
missing-prevention-interview-hint = Amser y DU, er enghraifft 27/11/2026 10:00. Gadewch yn wag os nad yw wedi'i gynnal eto.
missing-prevention-interview-notes = Beth a ganfu'r cyfweliad atal

rhi-title = Cyfweliad dychwelyd adref
rhi-button = Cadw'r cyfweliad
rhi-outcome = Canlyniad
rhi-outcome-held = Wedi'i gynnal
rhi-outcome-declined = Gwrthodwyd gan y plentyn
rhi-outcome-not-possible = Ddim yn bosibl
rhi-held-at = Pryd y'i cynhaliwyd neu y'i gwrthodwyd
rhi-reason = Rheswm
rhi-reason-hint = Angenrheidiol pan wrthodwyd y cyfweliad neu pan nad oedd yn bosibl
rhi-in-person = Wedi'i gynnal wyneb yn wyneb
rhi-non-uniformed-officer-present = Roedd swyddog heddlu (heb wisg) yno
rhi-where-and-with-whom = Lle'r oedd y plentyn a gyda phwy
rhi-push-factors = Beth a'i gwthiodd i ffwrdd
rhi-pull-factors = Beth a'i denodd i ffwrdd
rhi-disclosures = Datgeliadau
rhi-harm = Niwed
rhi-exploitation-indicators = Arwyddion camfanteisio
rhi-child-wants = Beth mae'r plentyn ei eisiau, yn ei eiriau ei hun
rhi-follow-up-actions = Camau dilynol
rhi-information-shared = Rhannwyd gwybodaeth â'r gwasanaethau plant a'r heddlu
rhi-not-recorded = Heb ei gofnodi
rhi-state-due = I'w wneud
rhi-state-overdue = Yn hwyr
rhi-state-done-in-time = Wedi'i gynnal mewn pryd
rhi-state-done-late = Wedi'i gynnal yn hwyr

missing-history-title = Hanes mynd ar goll: { $name }
missing-now-link = Mae'r plentyn hwn ar goll nawr: agorwch y cyfnod
missing-episodes-total = Cyfnodau i gyd
missing-episodes-90d = Cyfnodau yn y 90 diwrnod diwethaf
missing-rhi-owed = Cyfweliad dychwelyd adref erbyn
missing-flags = Baneri
missing-flags-none = Dim baneri.
missing-flag-episodes = Cyfnodau:
missing-episodes = Cyfnodau
missing-episodes-none = Dim cyfnodau ar goll wedi'u cofnodi.
missing-episode-number = Cyfnod

worklist-title = Cyfweliadau dychwelyd adref
worklist-intro = Plant a ddychwelodd yn y 28 diwrnod diwethaf. Mae'r cyfweliad i'w gynnal o fewn 72 awr i ddychwelyd.
worklist-overdue = Yn hwyr
worklist-due = I'w wneud
worklist-done = Wedi'u gwneud
worklist-none = Dim.
worklist-due-by = Erbyn
worklist-quality = Ansawdd

grade-high = Uchel
grade-medium = Canolig
grade-low = Isel
grade-very-low = Isel iawn (hen radd)
grade-no-apparent-risk = Dim risg amlwg (absennol, hen radd)
grade-naira = Dim risg uniongyrchol amlwg (NAIRA)

reporter-parent = Rhiant neu deulu
reporter-foster-carer = Gofalwr maeth
reporter-childrens-home-staff = Staff cartref plant
reporter-school = Ysgol neu goleg
reporter-hospital = Ysbyty
reporter-other = Rhywun arall

answer-yes = Ie
answer-no = Na
answer-not-known = Ddim yn hysbys

question-out-of-character = A yw'r diflaniad yn anarferol i'r plentyn?
question-contact-or-whereabouts = A oes unrhyw gysylltiad, neu a yw'n hysbys ble mae?
question-intentions-and-search = A oedd bwriad i fynd i rywle, ac a chwiliwyd?
question-with-whom = A gredir bod y plentyn gyda rhywun?
question-danger-to-self-or-others = A yw'r plentyn yn berygl iddo'i hun neu i eraill?
question-medical-needs = A oes gan y plentyn anghenion meddygol neu angen meddyginiaeth?
question-self-harm-or-suicide = A oes risg o hunan-niweidio neu hunanladdiad?
question-risk-of-harm-or-crime = A yw'r plentyn mewn perygl o niwed, neu o gael ei dynnu i mewn i drosedd?
question-abuse-or-sexual-exploitation = A oes risg o gam-drin neu gamfanteisio rhywiol?
question-supported-by-services = A yw'r plentyn yn cael cymorth gan wasanaethau?
question-behaviour-before = A oedd unrhyw beth yn ei ymddygiad cyn iddo fynd?
question-other-concerns = A oes pryderon eraill?

review-supervisor = Adolygiad goruchwyliwr
review-inspector = Adolygiad arolygydd

note-action = Cam gweithredu
note-enquiry = Ymholiad
note-sighting = Gweld
note-linked-person = Person cysylltiedig
note-linked-place = Lle cysylltiedig
note-notification = Hysbysiad
note-supervisor-review = Adolygiad goruchwyliwr
note-inspector-review = Adolygiad arolygydd

recipient-childrens-services = Gwasanaethau plant
recipient-placing-authority = Awdurdod lleoli
recipient-host-authority = Awdurdod sy'n lletya
recipient-school = Ysgol neu goleg

flag-currently-missing = Ar goll nawr
flag-repeat-missing = Ar goll dro ar ôl tro
flag-action-strategy-discussion = ystyried trafodaeth strategaeth
flag-action-multi-agency-meeting = ystyried cyfarfod amlasiantaethol
flag-action-rhi-priority = rhoi blaenoriaeth i'r cyfweliad dychwelyd adref
flag-missing-from-childrens-home = Ar goll o gartref plant
flag-out-of-area-placement = Wedi'i leoli y tu allan i'r ardal
flag-unaccompanied-asylum-seeking-child = Plentyn ar ei ben ei hun sy'n ceisio lloches
flag-long-episode = Ar goll am fwy na 24 awr
flag-found-in-other-force-area = Darganfuwyd yn ardal heddlu arall

grab-title = Pecyn cydio
grab-button = Cadw'r pecyn cydio
grab-link = Pecyn cydio: ychwanegu neu newid
grab-description = Disgrifiad
grab-distinguishing-features = Nodweddion gwahaniaethol
grab-places-frequented = Lleoedd y mae'n mynd iddynt
grab-associates = Ffrindiau a chysylltiadau
grab-phone-and-social-media = Ffôn a chyfryngau cymdeithasol
grab-health-and-medication = Iechyd a meddyginiaeth
grab-risks = Risgiau hysbys

error-time-format = Rhowch ddyddiad ac amser, er enghraifft 26/11/2026 21:30
error-time-skipped-by-clock-change = Ni ddigwyddodd yr amser hwn: aeth y clociau ymlaen awr y noson honno
error-not-a-time = Rhowch ddyddiad ac amser
error-in-future = Mae'r amser hwn yn y dyfodol
error-after-reported = Rhaid bod y plentyn wedi'i weld ddiwethaf cyn i rywun roi gwybod ei fod ar goll
error-before-reported = Rhaid i hyn fod ar ôl i rywun roi gwybod bod y plentyn ar goll
error-before-last-seen = Rhaid i hyn fod ar ôl i'r plentyn gael ei weld ddiwethaf
error-before-return = Rhaid i hyn fod ar ôl i'r plentyn ddychwelyd
error-already-returned = Mae'r plentyn eisoes wedi dychwelyd o'r cyfnod hwn
error-already-missing = Mae'r plentyn hwn eisoes ar goll: diweddarwch y cyfnod agored yn lle hynny
error-not-returned = Cofnodwch fod y plentyn wedi dychwelyd yn gyntaf
error-rhi-already-recorded = Mae'r cyfweliad dychwelyd adref eisoes wedi'i gofnodi
error-legacy-grade = Nid yw'r radd hon yn cael ei defnyddio mwyach: dewiswch uchel, canolig neu isel
error-naira-not-enabled = Nid yw'r heddlu hwn yn defnyddio'r radd NAIRA
error-naira-hold-spent = Mae'r adroddiad hwn eisoes wedi'i ddal o dan NAIRA ac mae'r cyfnod dal wedi dod i ben: dewiswch uchel, canolig neu isel
error-last_seen_at-too-long-before-report = Rhaid bod y plentyn wedi'i weld ddiwethaf o fewn blwyddyn cyn yr adroddiad: gwiriwch y flwyddyn
error-last_seen_at-before-birth = Mae'r amser y gwelwyd y plentyn ddiwethaf cyn ei ddyddiad geni: gwiriwch y dyddiad
error-person_id-not-a-child = Mae cyfnodau ar goll yma ar gyfer plant dan 18 oed: mae'r person hwn yn 18 oed neu'n hŷn, neu wedi'i gofnodi'n oedolyn
error-person_id-not-a-child-or-young-care-leaver = Mae cyfnodau ar goll yma ar gyfer plant dan 18 oed a phobl ifanc sy'n gadael gofal dan 25 oed: nid yw'r person hwn yn un o'r rhain (mae angen dyddiad geni ar gofnod person ifanc sy'n gadael gofal)
error-very-low-not-used = Nid yw'r ardal hon yn defnyddio'r radd risg isel iawn: dewiswch uchel, canolig neu isel
error-required-for-high = Atebwch y cwestiwn hwn: mae gradd uchel angen yr holiadur risg cyfan (mae "Ddim yn hysbys" yn ateb)
error-out_of_area-read-only = Mae haven yn penderfynu a yw'r plentyn wedi'i leoli y tu allan i'r ardal o'r awdurdod lleoli a'r awdurdod sy'n ei letya: peidiwch â'i anfon
error-agency-not-permitted = Nid yw eich asiantaeth yn gweld hyn
error-needs-an-episode = Mae angen cyfnod ar goll ar gyfer hyn
error-risk_rationale-required = Rhowch y rheswm dros ddewis y radd hon
error-risk_grade-required = Dewiswch radd risg
error-reason-required = Rhowch y rheswm pam y gwrthodwyd y cyfweliad neu pam nad oedd yn bosibl
error-last_seen_where-required = Rhowch lle gwelwyd y plentyn ddiwethaf
error-reporter-required = Dewiswch pwy a roddodd wybod bod y plentyn ar goll
error-outcome-required = Dewiswch ganlyniad y cyfweliad

missing-officer-in-charge = Swyddog â gofal
missing-officer-in-charge-hint = Enw a rhif coler, er enghraifft DC 4410 Nia Hughes
missing-naira-reason = Pam mae NAIRA yn ddiogel i'r plentyn hwn
missing-naira-reason-hint = Gyda NAIRA yn unig. Yn ofynnol i blentyn â phryderon camfanteisio neu sydd ar goll dro ar ôl tro.
missing-naira-warning-exploitation = Rhybudd: mae gan y plentyn hwn bryderon camfanteisio (sgrinio ambr neu goch, neu farciwr camfanteisio). Os dewiswch NAIRA, dywedwch pam mae gohirio'r ymateb yn ddiogel.
missing-naira-warning-repeat = Rhybudd: mae'r plentyn hwn ar goll dro ar ôl tro. Os dewiswch NAIRA, dywedwch pam mae gohirio'r ymateb yn ddiogel.
missing-naira-warning-both = Rhybudd: mae gan y plentyn hwn bryderon camfanteisio ac mae ar goll dro ar ôl tro. Os dewiswch NAIRA, dywedwch pam mae gohirio'r ymateb yn ddiogel.
missing-age-born = { $age } oed · ganwyd { $born }
missing-next-review-set = Yr adolygiad nesaf wedi'i osod ar gyfer { $time }
missing-next-review-at = Pryd mae'r adolygiad nesaf yn ddyledus (dewisol)
missing-next-review-at-hint = Ar adolygiad goruchwyliwr neu arolygydd yn unig, ac o fewn wythnos, er enghraifft 26/11/2026 21:30. Gadewch yn wag i gadw cyfnod yr ardal.
rhi-offered-by = Pwy gynigiodd y cyfweliad
rhi-offered-by-hint = Enw a rôl, er enghraifft Sam Price, gweithiwr cyfweliadau dychwelyd
rhi-interviewer-independent = Oedd y cyfwelydd yn annibynnol ar ofal y plentyn ac ar yr heddlu?
rhi-interviewer-independent-hint = Atebwch pan gynhaliwyd y cyfweliad.
rhi-independent-yes = Roedd y cyfwelydd yn annibynnol ar ofal y plentyn ac ar yr heddlu
rhi-independent-no = Nid oedd y cyfwelydd yn annibynnol ar ofal y plentyn neu ar yr heddlu
rhi-consent-to-share = Caniatâd y plentyn i rannu'r hyn a ddywedodd
rhi-consent-to-share-hint = Atebwch pan gynhaliwyd y cyfweliad.
consent-given = Wedi'i roi
consent-refused = Wedi'i wrthod
consent-not-asked = Heb ofyn
error-required-with-concerns = Mae gan y plentyn hwn bryderon camfanteisio neu mae ar goll dro ar ôl tro: dywedwch pam mae NAIRA yn ddiogel, neu dewiswch radd arall
error-only-on-review = Dim ond adolygiad goruchwyliwr neu arolygydd sy'n gosod yr adolygiad nesaf
error-not-after-review = Rhaid i'r adolygiad nesaf fod ar ôl yr adolygiad hwn ac ar ôl nawr
error-over-a-week = Rhaid i'r adolygiad nesaf fod o fewn wythnos: gwiriwch y dyddiad
error-required-when-held = Atebwch hwn pan gynhaliwyd y cyfweliad
error-offered_by-required = Rhowch pwy gynigiodd y cyfweliad
worklist-days-overdue = Diwrnodau'n hwyr
worklist-days = { $count ->
    [one] 1 diwrnod
    [two] 2 ddiwrnod
   *[other] { $count } diwrnod
}
worklist-found = Ble y'i canfuwyd, gyda phwy
worklist-placement = Lleoliad (awdurdod lleoli)
grab-when-reported = Pecyn cydio pan adroddwyd am y plentyn (fersiwn { $version }, cadwyd { $saved })
grab-latest = Pecyn cydio nawr (fersiwn { $version }, cadwyd { $saved })
rhi-step = Beth a wnaed
rhi-step-allocated = Wedi'i ddyrannu i weithiwr
rhi-step-phone = Galwad ffôn
rhi-step-visit = Ymweliad
rhi-step-message = Neges destun neu neges
rhi-step-letter = Llythyr
rhi-step-at = Pryd
rhi-step-worker = Gweithiwr
rhi-step-note = Beth ddigwyddodd
rhi-step-note-hint = Er enghraifft: dim ateb, neges llais wedi'i gadael; neu ymweliad wedi'i drefnu ar gyfer dydd Mawrth ar ôl ysgol
rhi-step-heading = Tuag at gyfweliad dychwelyd adref { $name }: cofnodi cam
rhi-step-button = Cadw'r cam
missing-record-rhi-step = Cofnodi ymgais neu ddyraniad
missing-event-rhi-step = Tuag at y cyfweliad
worklist-worker = Gweithiwr (ymdrechion)
error-worker-required = Rhowch enw'r gweithiwr
