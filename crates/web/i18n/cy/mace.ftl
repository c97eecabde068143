# Cyfarfodydd MACE a'r gofrestr gamau gweithredu
audit-mace-meeting-create = Wedi trefnu cyfarfod MACE
audit-mace-meeting-view = Wedi darllen cyfarfod MACE
audit-mace-meeting-list = Wedi rhestru cyfarfodydd MACE
audit-mace-item-add = Wedi ychwanegu eitem at agenda MACE
audit-mace-item-update = Wedi cofnodi trafodaeth eitem MACE
audit-mace-action-add = Wedi cytuno cam gweithredu MACE
audit-mace-action-update = Wedi diweddaru cam gweithredu MACE
audit-mace-action-carry = Wedi cario camau gweithredu MACE i'r cyfarfod nesaf
audit-mace-action-list = Wedi rhestru camau gweithredu MACE
