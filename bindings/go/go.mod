module extapi

go 1.19
