# Un plentyn ar draws asiantaethau: y ciw o gysylltiadau posibl i'w gwirio, a chofnodion asiantaethau.
nav-link-reviews = Cysylltiadau posibl
link-queue-title = Cysylltiadau posibl i'w gwirio
link-queue-intro = Canfu mewnforio y gallai cofnodion yr asiantaethau hyn fod yn bobl y mae haven eisoes yn eu dal, ond nid yn ddigon sicr i'w cysylltu. Gwiriwch bob un: cysylltwch os yr un person ydyw, neu gwrthodwch.
link-queue-empty = Dim i'w wirio.
link-queue-count = { $count ->
    [zero] Dim cysylltiadau posibl
    [one] 1 cysylltiad posibl
    [two] 2 gysylltiad posibl
    [few] { $count } chysylltiad posibl
    [many] { $count } chysylltiad posibl
   *[other] { $count } cysylltiad posibl
}
link-agency-record = Cofnod yr asiantaeth
link-from-agency = Oddi wrth
link-may-be = Gallai fod
link-probability = Cyfatebiaeth
link-waiting-since = Yn aros ers
link-review-title = Ai'r un person yw hwn?
link-review-probability = Tebygolrwydd cyfateb { $probability }
link-side-by-side = Y ddau gofnod ochr yn ochr
link-field = Maes
link-why = Pam mae haven yn meddwl hynny
link-why-intro = Mae pob maes yn ychwanegu at y dystiolaeth neu'n tynnu ohoni, gan ddechrau o ba mor debygol yw hi mai'r un person yw unrhyw ddau gofnod. Mae gwyrdd yn ychwanegu, coch yn tynnu.
link-level = Sut maen nhw'n cymharu
link-weight = Pwysau
link-decide-link = Cysylltu: yr un person
link-decide-reject = Gwrthod: nid yr un person
link-already-decided = Mae rhywun eisoes wedi penderfynu ar y cysylltiad posibl hwn. Ni newidiwyd dim.
link-field-prior = Cyn cymharu
link-field-total = Cyfanswm
link-field-first-name = Enw cyntaf
link-field-surname = Cyfenw
link-field-dob = Dyddiad geni
link-field-sex = Rhyw
link-field-postcode = Cod post
link-field-record-id = Cyfeirnod yr asiantaeth
link-field-name = Enw
link-records-title = Cofnodion asiantaethau o { $name }
link-records-intro = Cofnod pob asiantaeth fel yr anfonodd ef. Mae datgysylltu yn symud cofnod i berson ar ei ben ei hun; ni ddilëir dim, a gellir ei gysylltu'n ôl.
link-records-none = Nid oes unrhyw asiantaeth wedi anfon cofnod o'r person hwn drwy fewnforio.
link-actions = Camau
link-unlink = Datgysylltu
link-unlinked-title = Cofnod wedi'i ddatgysylltu
link-unlinked-text = Mae'r cofnod bellach yn berson ar ei ben ei hun. Os camgymeriad oedd hynny, cysylltwch ef yn ôl.
link-back = Ei gysylltu'n ôl
review-status-pending = Yn aros am benderfyniad
review-status-linked = Wedi'i gysylltu
review-status-rejected = Wedi'i wrthod
person-source-records-link = Cofnod pob asiantaeth fel yr anfonodd ef
person-missing-link = Hanes mynd ar goll
