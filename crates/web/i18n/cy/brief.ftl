# Briff y bore: yr hyn y mae cyfarfod 08:00 y partneriaid yn ei drafod bob dydd.
brief-title = Briff y bore
brief-heading = Briff y bore ar gyfer { $date }
brief-intro = Popeth ers briff ddoe am { $since }, fel yr oedd am { $asat } (amser y DU), ar gyfer y plant y caiff eich asiantaeth eu gweld.
brief-date = Dyddiad y briff
brief-date-hint = Er enghraifft, 23/11/2026
brief-show = Dangos y briff
brief-error-date-format = Rhowch y dyddiad fel blwyddyn, mis a diwrnod, er enghraifft 2026-11-23
brief-error-in-future = Rhaid i ddyddiad y briff fod heddiw neu yn y gorffennol
brief-limited-view = Nid yw eich asiantaeth yn gweld graddau risg, ymholiadau'r heddlu nac adolygiadau, felly ni ddangosir yr adrannau hynny.
brief-no-rhi-view = Nid yw'n gweld cyfweliadau dychwelyd adref chwaith.

brief-opened = Cyfnodau ar goll a agorwyd ers briff ddoe
brief-opened-none = Nid oes unrhyw blentyn wedi'i adrodd ar goll ers briff ddoe.
brief-high-risk = Ar goll nawr â risg uchel
brief-high-risk-none = Nid oes unrhyw blentyn ar goll â risg uchel.
brief-rhi-due = Cyfweliadau dychwelyd adref sy'n ddyledus heddiw
brief-rhi-due-none = Nid oes unrhyw gyfweliad dychwelyd adref yn ddyledus heddiw.
brief-rhi-overdue = Cyfweliadau dychwelyd adref sy'n hwyr
brief-rhi-overdue-none = Nid oes unrhyw gyfweliad dychwelyd adref yn hwyr.
brief-reviews = Adolygiadau sy'n hwyr
brief-reviews-none = Nid oes unrhyw adolygiad yn hwyr.
brief-repeat = Plant a nodwyd yr wythnos hon fel rhai sy'n mynd ar goll dro ar ôl tro
brief-repeat-none = Nid oes unrhyw blentyn wedi'i nodi yr wythnos hon fel un sy'n mynd ar goll dro ar ôl tro.

brief-child = Plentyn
brief-reported = Adroddwyd
brief-grade = Gradd risg
brief-last-seen = Gwelwyd ddiwethaf
brief-returned = Dychwelodd
brief-missing-for = Ar goll am
brief-still-missing = Dal ar goll
brief-episode = Cyfnod ar goll
brief-episode-link = Gweld y cyfnod ar goll
brief-due-by = Cyfweliad yn ddyledus erbyn
brief-review-supervisor = Adolygiad y goruchwyliwr yn ddyledus { $when }
brief-review-inspector = Adolygiad yr arolygydd yn ddyledus { $when }
brief-episodes-in-window = Cyfnodau ar goll yn ystod y { $days } diwrnod diwethaf
brief-action = Cam gweithredu
brief-action-strategy-discussion = Ystyried trafodaeth strategaeth
brief-action-multi-agency-meeting = Ystyried cyfarfod amlasiantaethol
brief-action-rhi-priority = Rhoi blaenoriaeth i'r cyfweliad dychwelyd adref

brief-grade-high = Uchel
brief-grade-medium = Canolig
brief-grade-low = Isel
brief-grade-very-low = Isel iawn (gradd gynharach)
brief-grade-no-apparent-risk = Dim risg amlwg (gradd gynharach)
brief-grade-naira = Dim risg uniongyrchol amlwg (NAIRA)

brief-duration-minutes = { $minutes } munud
brief-duration-hours = { $hours } awr { $minutes } munud
brief-duration-days = { $days } diwrnod { $hours } awr

audit-report-view = Wedi gweld adroddiad
brief-mace = Eich camau gweithredu MACE sy'n hwyr neu'n ddyledus yr wythnos hon
brief-mace-none = Nid oes un o'ch camau gweithredu MACE yn hwyr nac yn ddyledus yr wythnos hon.
